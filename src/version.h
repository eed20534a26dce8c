/* version.h - funnel's version, printed by `funnel --version` and in the
 * footer of every HTML pack. */
#ifndef FUNNEL_VERSION_H
#define FUNNEL_VERSION_H

#define FUNNEL_VERSION "0.1.0"

#endif

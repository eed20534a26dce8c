/* i18n.h - the messages a person reads, in the language of the locale
 * (gettext, text domain "funnel"): _() translates a message where it is
 * used, N_() marks one in a static table for xgettext, translated by _()
 * where it is printed. Data (the database, JSON keys, CSV columns, the
 * rules-file words) is never translated. */
#ifndef FUNNEL_I18N_H
#define FUNNEL_I18N_H

#include <libintl.h>

#define _(text) gettext(text)
#define N_(text) text

/* Takes the messages' language from the environment (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG) and finds the catalogs under $FUNNEL_LOCALEDIR when it
 * is set, else under locale_dir (LOCALE/LC_MESSAGES/funnel.mo). Only
 * LC_MESSAGES follows the locale: numbers, character classes and sorting
 * stay those of C, so no output but the messages changes with it.
 * Translations come out in UTF-8, whatever the locale's character set. */
void i18n_init(const char *locale_dir);

#endif

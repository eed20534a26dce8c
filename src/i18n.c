/* i18n.c - binds the "funnel" text domain to its catalogs at start-up. */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>

void i18n_init(const char *locale_dir)
{
    const char *dir = getenv("FUNNEL_LOCALEDIR");
    setlocale(LC_MESSAGES, "");
    bindtextdomain("funnel", dir && *dir ? dir : locale_dir);
    bind_textdomain_codeset("funnel", "UTF-8");
    /* strerror's text is the C library's, translated too: UTF-8 as well */
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain("funnel");
}

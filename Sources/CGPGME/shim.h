#ifndef TOLLGATE_CGPGME_SHIM_H
#define TOLLGATE_CGPGME_SHIM_H

// GPGME, as Tollgate's signature adapter uses it: verification in an isolated GnuPG home, key lookups.
#include <gpgme.h>
#include <locale.h>

/// Initialises GPGME (the version check is a macro Swift cannot call). Returns the library version.
static inline const char *tg_gpgme_initialise(void) {
    const char *version = gpgme_check_version(NULL);
    gpgme_set_locale(NULL, LC_CTYPE, setlocale(LC_CTYPE, NULL));
    return version;
}

#endif

#ifndef TOLLGATE_CRPM_SHIM_H
#define TOLLGATE_CRPM_SHIM_H

// librpm, as Tollgate's RPM adapter uses it: headers read without keys, EVR comparison, rpmio streams, and
// the full signature verification rpmkeys -K performs.
#include <rpm/rpmlib.h>
#include <rpm/rpmts.h>
#include <rpm/rpmtd.h>
#include <rpm/rpmtag.h>
#include <rpm/header.h>
#include <rpm/rpmio.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmcrypto.h>
#include <rpm/rpmver.h>
#include <rpm/rpmds.h>
#include <rpm/rpmfi.h>
#include <rpm/rpmfiles.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmkeyring.h>
#include <rpm/rpmcli.h>
#include <rpm/rpmmacro.h>

// Macros Swift does not import, as functions.

/// Flags that skip every signature and digest check: read a header without needing any key.
static inline rpmVSFlags tg_rpm_vsflags_read_only(void) {
    return (rpmVSFlags)(RPMVSF_MASK_NODIGESTS | RPMVSF_MASK_NOSIGNATURES | RPMVSF_NOHDRCHK);
}

/// Makes librpm report each verified item, as `rpmkeys -Kv` prints them.
static inline void tg_rpm_log_info(void) { rpmSetVerbosity(RPMLOG_INFO); }

/// Quietens librpm's logging to errors only.
static inline void tg_rpm_log_errors_only(void) { rpmSetVerbosity(RPMLOG_ERR); }

/// Silences librpm's logging entirely (callers report errors themselves).
static inline void tg_rpm_log_silent(void) { rpmSetVerbosity(RPMLOG_EMERG); }

#endif

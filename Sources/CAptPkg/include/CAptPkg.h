#ifndef TOLLGATE_CAPTPKG_H
#define TOLLGATE_CAPTPKG_H

// A small C API over libapt-pkg: deb822 tag files (plain or compressed, clear-signed or not), Debian version
// comparison, dependency field parsing, and .deb / tar archive reading. Everything is read-only and touches
// nothing but the files named. libapt-pkg's error stack is per thread: every call that can fail clears it
// first and hands its messages back through tg_apt_take_errors().

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A borrowed string: not NUL-terminated, valid until the owning object moves on.
typedef struct {
    const char *data;
    size_t length;
} tg_apt_str;

/// The pending libapt-pkg error and warning messages of this thread, joined by newlines, or NULL when there are
/// none. The stack is cleared. Free the result with tg_apt_free().
char *tg_apt_take_errors(void);

/// Frees memory returned by this API.
void tg_apt_free(void *pointer);

/// Initialises libapt-pkg's lazily built tables (compressors, configuration defaults) once, so that later calls are
/// safe from several threads. Idempotent and thread-safe.
void tg_apt_prepare(void);

// MARK: Stanza blocks

/// One field of a stanza in a block: offsets are relative to the block's data.
typedef struct {
    uint32_t name_offset;
    uint32_t name_length;
    uint32_t value_offset;
    uint32_t value_length;
} tg_apt_field;

/// One stanza of a block: its text and its fields (a run of the block's field array).
typedef struct {
    uint32_t offset;
    uint32_t length;
    uint32_t first_field;
    uint32_t field_count;
} tg_apt_stanza;

/// A run of complete stanzas read from a deb822 file, with libapt-pkg's field boundaries. The arrays are malloc'ed
/// and owned by the caller (free each with tg_apt_free).
typedef struct {
    unsigned char *data;
    size_t length;
    tg_apt_stanza *stanzas;
    size_t stanza_count;
    tg_apt_field *fields;
    size_t field_count;
    /// Offset of the block's first byte in the decompressed stream.
    unsigned long long stream_offset;
} tg_apt_block;

typedef struct tg_apt_block_reader tg_apt_block_reader;

/// Opens a deb822 file for block reading (compression by extension; `clearsigned` reads the signed message).
tg_apt_block_reader *tg_apt_block_reader_open(const char *path, int clearsigned);

/// Reads deb822 text from memory (copied).
tg_apt_block_reader *tg_apt_block_reader_open_memory(const char *data, size_t length);

/// Reads the next block of about `target_size` bytes of whole stanzas: 1 when a block was read, 0 at the end,
/// -1 on error (see tg_apt_take_errors()).
int tg_apt_block_next(tg_apt_block_reader *reader, size_t target_size, tg_apt_block *out);

/// Closes the reader.
void tg_apt_block_reader_close(tg_apt_block_reader *reader);

// MARK: Clear-signed files

/// Splits an OpenPGP clear-signed file into its signed message and its armored signature block(s), with apt's own
/// splitter. Returns 1 when the file is clear-signed and split, 0 when it is not clear-signed, -1 on error.
/// `message` and `signatures` are malloc'ed (free with tg_apt_free).
int tg_apt_split_clearsigned(const char *path, char **message, size_t *message_length, char **signatures,
                             size_t *signatures_length);

// MARK: Dates

/// Reads a date as apt reads a Release's `Date` and `Valid-Until` (RFC1123StrToTime: RFC 1123, and the RFC 850 and
/// asctime forms, in UTC only): non-zero with the seconds since the epoch in `*seconds`, 0 when apt refuses it.
int tg_apt_release_time(const char *text, size_t length, int64_t *seconds);

// MARK: Versions and relations

/// Compares two Debian versions with libapt-pkg's debVersioningSystem: <0, 0, >0.
int tg_apt_version_compare(const char *a, size_t a_length, const char *b, size_t b_length);

/// Checks `version` against `relation` (`<<`, `<=`, `=`, `>=`, `>>`) and `reference` with apt's CheckDep.
int tg_apt_version_satisfies(const char *version, const char *relation, const char *reference);

/// One parsed element of a relationship field.
typedef struct {
    tg_apt_str name;
    tg_apt_str version;
    /// apt's comparison operator (0 none, 1 <=, 2 >=, 3 <<, 4 >>, 5 =, 6 !=), without the "or" bit.
    unsigned op;
    /// Non-zero when the next element is an alternative of this one (`|`).
    int or_next;
    /// The text between `[` and `]`, and between `<` and `>`, as written (empty when none).
    tg_apt_str architectures;
    tg_apt_str profiles;
} tg_apt_dependency;

/// Parses every element of a relationship field value into `out` (at most `capacity`); returns the number of
/// elements, or -1 on a syntax error. When more than `capacity` elements exist, returns the total needed.
long tg_apt_parse_dependencies(const char *start, const char *stop, tg_apt_dependency *out, size_t capacity);

/// Parses the next element of a relationship field value starting at `start` with apt's debListParser. Returns the
/// position after the element (and its separator), `stop` when done, or NULL on a syntax error.
const char *tg_apt_parse_dependency(const char *start, const char *stop, tg_apt_dependency *out);

// MARK: Archives

/// One member of a tar archive or of a .deb's control or data tar.
typedef struct {
    char *name;           /// path as stored, malloc'ed
    char *link_target;    /// link target or NULL, malloc'ed
    int type;             /// 0 file, 1 hard link, 2 symlink, 3 char device, 4 block device, 5 directory, 6 fifo
    unsigned long mode;
    unsigned long uid;
    unsigned long gid;
    unsigned long long size;
    unsigned long mtime;
    unsigned char *content;     /// captured content (when asked), malloc'ed, or NULL
    size_t content_length;
    int content_truncated;      /// the member was larger than the capture limit
} tg_apt_tar_member;

/// The members of an archive read by tg_apt_deb_read_tar() or tg_apt_tar_read().
typedef struct {
    tg_apt_tar_member *members;
    size_t count;
    int truncated;  /// stopped at the member limit
} tg_apt_tar_listing;

/// Frees a listing and everything it owns.
void tg_apt_tar_listing_free(tg_apt_tar_listing *listing);

/// The ar members of a .deb, newline-separated (malloc'ed), or NULL when the file is not a valid .deb.
char *tg_apt_deb_members(const char *path);

/// Reads the members of the .deb's `control.tar*` or `data.tar*` (`which` is "control.tar" or "data.tar").
/// Regular-file contents are captured when `capture` is non-zero, each up to `capture_limit` bytes. At most
/// `max_members` entries are listed. Returns 0 on failure.
int tg_apt_deb_read_tar(const char *path, const char *which, int capture, size_t capture_limit, size_t max_members,
                        tg_apt_tar_listing *out);

/// Reads a (possibly compressed) tar file. Contents are captured for members whose path, after removing a leading
/// `./` and at most one further leading directory, equals one of the NUL-separated names in `wanted` (ending with an
/// empty name); `wanted` may be NULL to capture nothing. Returns 0 on failure.
int tg_apt_tar_read(const char *path, const char *wanted, size_t capture_limit, size_t max_members,
                    tg_apt_tar_listing *out);

/// Reads a whole file, decompressing it by extension through apt's FileFd, up to `limit` bytes. Returns 1 and a
/// malloc'ed buffer on success (`*truncated` set when the file was longer), 0 on failure.
int tg_apt_read_file(const char *path, size_t limit, unsigned char **data, size_t *length, int *truncated);

/// Reads the content of one ar member of a .deb (e.g. `_gpgbuilder`), up to `limit` bytes. Returns 1 on success.
int tg_apt_deb_member_content(const char *path, const char *member, size_t limit, unsigned char **data,
                              size_t *length);

#ifdef __cplusplus
}
#endif

#endif

// libapt-pkg behind a C API. SwiftPM defines DEBUG=1 for C/C++ targets in debug builds, which collides with an
// enumerator of apt's error.h: undefine it before apt's headers.
#undef DEBUG

#include "CAptPkg.h"

#include <apt-pkg/aptconfiguration.h>
#include <apt-pkg/configuration.h>
#include <apt-pkg/debfile.h>
#include <apt-pkg/deblistparser.h>
#include <apt-pkg/debversion.h>
#include <apt-pkg/dirstream.h>
#include <apt-pkg/error.h>
#include <apt-pkg/extracttar.h>
#include <apt-pkg/fileutl.h>
#include <apt-pkg/gpgv.h>
#include <apt-pkg/pkgcache.h>
#include <apt-pkg/strutl.h>
#include <apt-pkg/tagfile.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out == nullptr) return nullptr;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

extern "C" char *tg_apt_take_errors(void) {
    std::string all;
    while (!_error->empty()) {
        std::string message;
        _error->PopMessage(message);
        if (!all.empty()) all += "\n";
        all += message;
    }
    return all.empty() ? nullptr : copy_string(all);
}

extern "C" void tg_apt_free(void *pointer) { std::free(pointer); }

extern "C" void tg_apt_prepare(void) {
    static std::once_flag once;
    std::call_once(once, [] {
        APT::Configuration::getCompressors();
        APT::Configuration::getArchitectures();
        _config->Find("APT::Architecture");
        _error->Discard();
    });
}

// MARK: Stanza blocks

struct tg_apt_block_reader {
    FileFd fd;
    bool in_memory = false;
    bool eof = false;
    // Bytes read but not yet handed out (an incomplete stanza at the end of the previous block), malloc'ed so
    // that a finished block's buffer can be handed to the caller without another copy.
    unsigned char *buffer = nullptr;
    size_t length = 0;
    size_t capacity = 0;
    unsigned long long consumed = 0;
    ~tg_apt_block_reader() { std::free(buffer); }

    bool reserve(size_t wanted) {
        if (wanted <= capacity) return true;
        unsigned char *grown = static_cast<unsigned char *>(std::realloc(buffer, wanted));
        if (grown == nullptr) return false;
        buffer = grown;
        capacity = wanted;
        return true;
    }
};

extern "C" tg_apt_block_reader *tg_apt_block_reader_open(const char *path, int clearsigned) {
    tg_apt_prepare();
    _error->Discard();
    auto reader = std::make_unique<tg_apt_block_reader>();
    bool opened;
    if (clearsigned != 0 && StartsWithGPGClearTextSignature(path)) {
        opened = OpenMaybeClearSignedFile(path, reader->fd);
    } else {
        opened = reader->fd.Open(path, FileFd::ReadOnly, FileFd::Extension);
    }
    if (!opened || reader->fd.Failed()) {
        if (_error->empty()) _error->Error("cannot open %s", path);
        return nullptr;
    }
    return reader.release();
}

extern "C" tg_apt_block_reader *tg_apt_block_reader_open_memory(const char *data, size_t length) {
    tg_apt_prepare();
    _error->Discard();
    auto reader = std::make_unique<tg_apt_block_reader>();
    reader->in_memory = true;
    reader->eof = true;
    if (!reader->reserve(length + 3)) return nullptr;
    std::memcpy(reader->buffer, data, length);
    reader->length = length;
    return reader.release();
}

// The longest stanza read: the largest of a whole archive's indexes are some hundred kilobytes.
static constexpr size_t tg_apt_stanza_limit = size_t(64) << 20;

extern "C" int tg_apt_block_next(tg_apt_block_reader *reader, size_t target_size, tg_apt_block *out) {
    _error->Discard();
    *out = tg_apt_block{};
    // Fill to the target size (or to the end of the stream); keep room for a terminating blank line.
    if (!reader->reserve(std::max(target_size, reader->length) + 3)) {
        _error->Error("out of memory");
        return -1;
    }
    while (!reader->eof && reader->length < target_size) {
        unsigned long long got = 0;
        if (!reader->fd.Read(reader->buffer + reader->length, target_size - reader->length, &got)) return -1;
        reader->length += got;
        if (got == 0) reader->eof = true;
    }
    unsigned char *buf = reader->buffer;
    size_t size = reader->length;
    // At the end of the stream, make sure the last stanza is terminated.
    if (reader->eof && size > 0) {
        if (buf[size - 1] != '\n') buf[size++] = '\n';
        buf[size++] = '\n';
    }
    std::vector<tg_apt_stanza> stanzas;
    std::vector<tg_apt_field> fields;
    stanzas.reserve(512);
    fields.reserve(512 * 16);
    pkgTagSection section;
    const char *text = reinterpret_cast<const char *>(buf);
    size_t pos = 0;
    size_t used = 0;
    while (true) {
        // Skip blank lines between stanzas.
        while (pos < size && (buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == ' ' || buf[pos] == '\t')) ++pos;
        if (pos >= size) {
            used = size;
            break;
        }
        if (!section.Scan(text + pos, size - pos)) {
            // Incomplete stanza: keep it for the next block (or fail when nothing more will come).
            if (reader->eof) {
                _error->Error("malformed stanza at offset %llu", reader->consumed + pos);
                return -1;
            }
            used = pos;
            if (stanzas.empty()) {
                // A single stanza larger than the target: read more before handing anything out — up to a bound,
                // since a stanza that never ends (a link to /dev/zero, a crafted index) would take all memory.
                if (target_size >= tg_apt_stanza_limit) {
                    _error->Error("a stanza longer than %zu MiB at offset %llu: not an index to read",
                                  tg_apt_stanza_limit >> 20, reader->consumed + pos);
                    return -1;
                }
                reader->length = size;
                return tg_apt_block_next(reader, target_size * 2, out);
            }
            break;
        }
        tg_apt_stanza s{};
        s.offset = static_cast<uint32_t>(pos);
        s.length = static_cast<uint32_t>(section.size());
        s.first_field = static_cast<uint32_t>(fields.size());
        unsigned count = section.Count();
        for (unsigned i = 0; i < count; ++i) {
            const char *start = nullptr;
            const char *stop = nullptr;
            section.Get(start, stop, i);
            const char *colon = static_cast<const char *>(std::memchr(start, ':', stop - start));
            if (colon == nullptr) continue;
            const char *name_end = colon;
            while (name_end > start && is_space(name_end[-1])) --name_end;
            const char *v = colon + 1;
            while (v < stop && is_space(*v)) ++v;
            const char *v_end = stop;
            while (v_end > v && is_space(v_end[-1])) --v_end;
            fields.push_back(tg_apt_field{static_cast<uint32_t>(start - text), static_cast<uint32_t>(name_end - start),
                                          static_cast<uint32_t>(v - text), static_cast<uint32_t>(v_end - v)});
        }
        s.field_count = static_cast<uint32_t>(fields.size()) - s.first_field;
        stanzas.push_back(s);
        pos += section.size();
    }
    if (stanzas.empty() && reader->eof) {
        reader->length = 0;
        return 0;
    }
    // Hand the buffer over; the unused tail (an incomplete stanza) starts the next buffer.
    size_t rest = size - used;
    unsigned char *next = nullptr;
    size_t next_capacity = 0;
    if (!reader->eof) {
        next_capacity = std::max(target_size, rest) + 3;
        next = static_cast<unsigned char *>(std::malloc(next_capacity));
        if (next == nullptr) {
            _error->Error("out of memory");
            return -1;
        }
        std::memcpy(next, buf + used, rest);
    }
    out->data = buf;
    out->length = used;
    out->stanzas = static_cast<tg_apt_stanza *>(std::malloc(sizeof(tg_apt_stanza) * (stanzas.size() + 1)));
    out->fields = static_cast<tg_apt_field *>(std::malloc(sizeof(tg_apt_field) * (fields.size() + 1)));
    if (out->stanzas == nullptr || out->fields == nullptr) {
        std::free(out->stanzas);
        std::free(out->fields);
        std::free(next);
        *out = tg_apt_block{};
        _error->Error("out of memory");
        return -1;
    }
    std::memcpy(out->stanzas, stanzas.data(), sizeof(tg_apt_stanza) * stanzas.size());
    std::memcpy(out->fields, fields.data(), sizeof(tg_apt_field) * fields.size());
    out->stanza_count = stanzas.size();
    out->field_count = fields.size();
    out->stream_offset = reader->consumed;
    reader->consumed += used;
    reader->buffer = next;
    reader->capacity = next_capacity;
    reader->length = reader->eof ? 0 : rest;
    return 1;
}

extern "C" void tg_apt_block_reader_close(tg_apt_block_reader *reader) { delete reader; }

// MARK: Clear-signed files

extern "C" int tg_apt_split_clearsigned(const char *path, char **message, size_t *message_length,
                                        char **signatures, size_t *signatures_length) {
    tg_apt_prepare();
    _error->Discard();
    *message = nullptr;
    *signatures = nullptr;
    if (!StartsWithGPGClearTextSignature(path)) return _error->PendingError() ? -1 : 0;
    FileFd content;
    FileFd sigs;
    if (!GetTempFile("tollgate-message", true, &content) || !GetTempFile("tollgate-signature", true, &sigs))
        return -1;
    std::vector<std::string> headers;
    if (!SplitClearSignedFile(path, &content, &headers, &sigs)) {
        if (_error->empty()) _error->Error("%s: malformed clear-signed message", path);
        return -1;
    }
    auto slurp = [](FileFd &fd, char **out, size_t *length) -> bool {
        if (!fd.Seek(0)) return false;
        std::string text;
        char buffer[65536];
        unsigned long long got = 0;
        while (fd.Read(buffer, sizeof(buffer), &got) && got > 0) text.append(buffer, got);
        *out = copy_string(text);
        *length = text.size();
        return *out != nullptr;
    };
    if (!slurp(content, message, message_length) || !slurp(sigs, signatures, signatures_length)) {
        std::free(*message);
        *message = nullptr;
        return -1;
    }
    return 1;
}

// MARK: Dates

extern "C" int tg_apt_release_time(const char *text, size_t length, int64_t *seconds) {
    time_t time = 0;
    if (!RFC1123StrToTime(std::string(text, length), time)) return 0;
    *seconds = static_cast<int64_t>(time);
    return 1;
}

// MARK: Versions and relations

extern "C" int tg_apt_version_compare(const char *a, size_t a_length, const char *b, size_t b_length) {
    return debVS.DoCmpVersion(a, a + a_length, b, b + b_length);
}

extern "C" int tg_apt_version_satisfies(const char *version, const char *relation, const char *reference) {
    tg_apt_prepare();
    unsigned int op = 0;
    std::string rel(relation);
    if (rel.empty()) return 1;
    std::string padded = rel + " ";
    if (debListParser::ConvertRelation(padded.c_str(), op) == nullptr) return 0;
    return debVS.CheckDep(version, op, reference) ? 1 : 0;
}

extern "C" long tg_apt_parse_dependencies(const char *start, const char *stop, tg_apt_dependency *out,
                                          size_t capacity) {
    tg_apt_prepare();
    size_t n = 0;
    const char *p = start;
    while (p < stop) {
        if (is_space(*p)) {
            ++p;
            continue;
        }
        tg_apt_dependency element{};
        const char *next = tg_apt_parse_dependency(p, stop, &element);
        if (next == nullptr || next <= p) return -1;
        if (n < capacity) out[n] = element;
        ++n;
        p = next;
    }
    return static_cast<long>(n);
}

extern "C" const char *tg_apt_parse_dependency(const char *start, const char *stop, tg_apt_dependency *out) {
    APT::StringView name;
    APT::StringView version;
    unsigned int op = 0;
    // Architecture restrictions are kept as text below; the parse itself must not drop elements for foreign
    // architectures, so the restriction lists are parsed (for syntax) against a wildcard.
    // Architecture and profile restrictions make apt consult its configuration for every element (costly in bulk):
    // ask for them only when the element has a restriction outside its version parentheses.
    bool restricted = false;
    int nesting = 0;
    for (const char *p = start; p < stop && *p != ',' && (*p != '|' || nesting > 0); ++p) {
        if (*p == '(') ++nesting;
        else if (*p == ')') --nesting;
        else if (nesting == 0 && (*p == '[' || *p == '<')) {
            restricted = true;
            break;
        }
    }
    const char *next = debListParser::ParseDepends(start, stop, name, version, op, restricted, false, restricted, "any");
    if (next == nullptr) return nullptr;
    out->name = tg_apt_str{name.data(), name.size()};
    if (name.empty()) {
        // apt blanks the name of an element whose architecture or build-profile restriction does not match the
        // running system; a fact document keeps every element, so take the name token apt has just validated.
        const char *p = start;
        while (p < next && is_space(*p)) ++p;
        const char *e = p;
        while (e < next && !is_space(*e) && *e != '(' && *e != '[' && *e != '<' && *e != ',' && *e != '|') ++e;
        out->name = tg_apt_str{p, static_cast<size_t>(e - p)};
    }
    out->version = tg_apt_str{version.data(), version.size()};
    out->or_next = (op & pkgCache::Dep::Or) ? 1 : 0;
    out->op = op & ~pkgCache::Dep::Or;
    out->architectures = tg_apt_str{nullptr, 0};
    out->profiles = tg_apt_str{nullptr, 0};
    // Several profile groups (`<!nocheck> <!cross>`, any of which enables the element) are kept as one text from
    // the first group's `<` to the last one's `>`, without those two.
    const char *profiles_end = nullptr;
    int depth = 0;
    for (const char *p = start; p < next; ++p) {
        if (*p == '(') ++depth;
        else if (*p == ')') --depth;
        else if (depth == 0 && (*p == '[' || *p == '<')) {
            char close = *p == '[' ? ']' : '>';
            const char *end = static_cast<const char *>(std::memchr(p, close, next - p));
            if (end == nullptr) break;
            if (*p == '[') out->architectures = tg_apt_str{p + 1, static_cast<size_t>(end - p - 1)};
            else {
                if (out->profiles.data == nullptr) out->profiles.data = p + 1;
                profiles_end = end;
            }
            p = end;
        }
    }
    if (profiles_end != nullptr) out->profiles.length = static_cast<size_t>(profiles_end - out->profiles.data);
    return next;
}

// MARK: Archives

namespace {

class Collector : public pkgDirStream {
   public:
    Collector(bool capture_all, size_t limit, size_t max_members, const std::vector<std::string> *wanted)
        : capture_all_(capture_all), limit_(limit), max_members_(max_members), wanted_(wanted) {}

    std::vector<tg_apt_tar_member> members;
    bool truncated = false;

    bool DoItem(Item &item, int &fd) override {
        fd = -1;
        if (members.size() >= max_members_) {
            truncated = true;
            return false;
        }
        tg_apt_tar_member m{};
        m.name = copy_string(item.Name != nullptr ? item.Name : "");
        m.link_target = item.LinkTarget != nullptr && item.LinkTarget[0] != '\0' ? copy_string(item.LinkTarget) : nullptr;
        m.type = static_cast<int>(item.Type);
        m.mode = item.Mode;
        m.uid = item.UID;
        m.gid = item.GID;
        m.size = item.Size;
        m.mtime = item.MTime;
        members.push_back(m);
        capturing_ = item.Type == Item::File && wants(item.Name != nullptr ? item.Name : "");
        buffer_.clear();
        // ExtractTar hands a member's data to Process() only when the descriptor is -2; -1 skips it.
        fd = capturing_ ? -2 : -1;
        return true;
    }

    bool Process(Item &, const unsigned char *data, unsigned long long size, unsigned long long) override {
        if (!capturing_) return true;
        size_t room = limit_ > buffer_.size() ? limit_ - buffer_.size() : 0;
        size_t take = size < room ? static_cast<size_t>(size) : room;
        buffer_.append(reinterpret_cast<const char *>(data), take);
        if (take < size) members.back().content_truncated = 1;
        return true;
    }

    bool FinishedFile(Item &, int) override {
        if (capturing_) attach();
        return true;
    }

    bool Fail(Item &, int) override { return false; }

    // ExtractTar calls FinishedFile only for real descriptors; capture is attached when the next item starts or at
    // the end, through this.
    void attach() {
        if (!capturing_ || members.empty()) return;
        tg_apt_tar_member &m = members.back();
        if (m.content == nullptr) {
            m.content = static_cast<unsigned char *>(std::malloc(buffer_.size() + 1));
            if (m.content != nullptr) {
                std::memcpy(m.content, buffer_.data(), buffer_.size());
                m.content_length = buffer_.size();
            }
        }
        capturing_ = false;
    }

   private:
    bool wants(const std::string &raw) const {
        if (capture_all_) return true;
        if (wanted_ == nullptr) return false;
        std::string path = raw;
        if (path.compare(0, 2, "./") == 0) path.erase(0, 2);
        for (const auto &w : *wanted_) {
            if (path == w) return true;
            size_t slash = path.find('/');
            if (slash != std::string::npos && path.compare(slash + 1, std::string::npos, w) == 0) return true;
        }
        return false;
    }

    bool capture_all_;
    size_t limit_;
    size_t max_members_;
    const std::vector<std::string> *wanted_;
    bool capturing_ = false;
    std::string buffer_;
};

// Wraps the collector so that captured content is attached before the next member starts.
class AttachingCollector : public Collector {
   public:
    using Collector::Collector;
    bool DoItem(Item &item, int &fd) override {
        attach();
        return Collector::DoItem(item, fd);
    }
};

void hand_over(AttachingCollector &collector, tg_apt_tar_listing *out) {
    collector.attach();
    out->count = collector.members.size();
    out->truncated = collector.truncated ? 1 : 0;
    out->members = static_cast<tg_apt_tar_member *>(std::malloc(sizeof(tg_apt_tar_member) * (out->count + 1)));
    if (out->count > 0) std::memcpy(out->members, collector.members.data(), sizeof(tg_apt_tar_member) * out->count);
    collector.members.clear();
}

}  // namespace

extern "C" void tg_apt_tar_listing_free(tg_apt_tar_listing *listing) {
    if (listing == nullptr || listing->members == nullptr) return;
    for (size_t i = 0; i < listing->count; ++i) {
        std::free(listing->members[i].name);
        std::free(listing->members[i].link_target);
        std::free(listing->members[i].content);
    }
    std::free(listing->members);
    listing->members = nullptr;
    listing->count = 0;
}

extern "C" char *tg_apt_deb_members(const char *path) {
    tg_apt_prepare();
    _error->Discard();
    FileFd fd;
    if (!fd.Open(path, FileFd::ReadOnly)) return nullptr;
    ARArchive ar(fd);
    if (_error->PendingError()) return nullptr;
    // apt keeps members in a list in reverse; report them in file order.
    std::vector<const ARArchive::Member *> members;
    for (const ARArchive::Member *m = ar.Members(); m != nullptr; m = m->Next) members.push_back(m);
    std::sort(members.begin(), members.end(),
              [](const ARArchive::Member *a, const ARArchive::Member *b) { return a->Start < b->Start; });
    std::string names;
    for (const ARArchive::Member *m : members) {
        if (!names.empty()) names += "\n";
        names += m->Name;
    }
    if (names.empty()) {
        _error->Error("%s: not an ar archive", path);
        return nullptr;
    }
    return copy_string(names);
}

extern "C" int tg_apt_deb_read_tar(const char *path, const char *which, int capture, size_t capture_limit,
                                   size_t max_members, tg_apt_tar_listing *out) {
    tg_apt_prepare();
    _error->Discard();
    out->members = nullptr;
    out->count = 0;
    out->truncated = 0;
    FileFd fd;
    if (!fd.Open(path, FileFd::ReadOnly)) return 0;
    debDebFile deb(fd);
    if (_error->PendingError()) return 0;
    AttachingCollector collector(capture != 0, capture_limit, max_members, nullptr);
    bool ok = deb.ExtractTarMember(collector, which);
    if (!ok && !collector.truncated) {
        collector.attach();
        out->members = nullptr;
        for (auto &m : collector.members) {
            std::free(m.name);
            std::free(m.link_target);
            std::free(m.content);
        }
        return 0;
    }
    hand_over(collector, out);
    return 1;
}

extern "C" int tg_apt_tar_read(const char *path, const char *wanted, size_t capture_limit, size_t max_members,
                               tg_apt_tar_listing *out) {
    tg_apt_prepare();
    _error->Discard();
    out->members = nullptr;
    out->count = 0;
    out->truncated = 0;
    std::vector<std::string> names;
    if (wanted != nullptr) {
        for (const char *p = wanted; *p != '\0'; p += std::strlen(p) + 1) names.emplace_back(p);
    }
    // ExtractTar reads the raw descriptor and decompresses with apt's built-in compressor of the given name.
    std::string p(path);
    auto ends = [&p](const char *suffix) {
        size_t n = std::strlen(suffix);
        return p.size() >= n && p.compare(p.size() - n, n, suffix) == 0;
    };
    std::string compressor;
    if (ends(".gz") || ends(".tgz")) compressor = "gzip";
    else if (ends(".xz") || ends(".txz")) compressor = "xz";
    else if (ends(".bz2") || ends(".tbz2")) compressor = "bzip2";
    else if (ends(".zst")) compressor = "zstd";
    else if (ends(".lz4")) compressor = "lz4";
    else if (ends(".lzma")) compressor = "lzma";
    FileFd fd;
    if (!fd.Open(path, FileFd::ReadOnly)) return 0;
    ExtractTar tar(fd, 1ULL << 62, compressor);
    AttachingCollector collector(false, capture_limit, max_members, &names);
    bool ok = tar.Go(collector);
    if (!ok && !collector.truncated) {
        collector.attach();
        for (auto &m : collector.members) {
            std::free(m.name);
            std::free(m.link_target);
            std::free(m.content);
        }
        return 0;
    }
    hand_over(collector, out);
    return 1;
}

extern "C" int tg_apt_read_file(const char *path, size_t limit, unsigned char **data, size_t *length,
                                int *truncated) {
    tg_apt_prepare();
    _error->Discard();
    *data = nullptr;
    *length = 0;
    *truncated = 0;
    FileFd fd;
    if (!fd.Open(path, FileFd::ReadOnly, FileFd::Extension)) return 0;
    std::string text;
    char buffer[65536];
    unsigned long long got = 0;
    while (fd.Read(buffer, sizeof(buffer), &got) && got > 0) {
        size_t room = limit - text.size();
        if (got > room) {
            text.append(buffer, room);
            *truncated = 1;
            break;
        }
        text.append(buffer, got);
    }
    if (_error->PendingError()) return 0;
    *data = reinterpret_cast<unsigned char *>(copy_string(text));
    *length = text.size();
    return *data != nullptr ? 1 : 0;
}

extern "C" int tg_apt_deb_member_content(const char *path, const char *member, size_t limit, unsigned char **data,
                                         size_t *length) {
    tg_apt_prepare();
    _error->Discard();
    *data = nullptr;
    *length = 0;
    FileFd fd;
    if (!fd.Open(path, FileFd::ReadOnly)) return 0;
    ARArchive ar(fd);
    if (_error->PendingError()) return 0;
    const ARArchive::Member *m = ar.FindMember(member);
    if (m == nullptr) {
        _error->Error("%s: no member %s", path, member);
        return 0;
    }
    size_t size = m->Size < limit ? static_cast<size_t>(m->Size) : limit;
    std::string text(size, '\0');
    if (!fd.Seek(m->Start) || !fd.Read(&text[0], size)) return 0;
    *data = reinterpret_cast<unsigned char *>(copy_string(text));
    *length = size;
    return *data != nullptr ? 1 : 0;
}

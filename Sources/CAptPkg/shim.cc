// libapt-pkg behind a C API. SwiftPM defines DEBUG=1 for C/C++ targets in debug builds, which collides with an
// enumerator of apt's error.h: undefine it before apt's headers.
#undef DEBUG

#include "CAptPkg.h"

#include <apt-pkg/debfile.h>
#include <apt-pkg/deblistparser.h>
#include <apt-pkg/debversion.h>
#include <apt-pkg/dirstream.h>
#include <apt-pkg/error.h>
#include <apt-pkg/extracttar.h>
#include <apt-pkg/fileutl.h>
#include <apt-pkg/gpgv.h>
#include <apt-pkg/pkgcache.h>
#include <apt-pkg/tagfile.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
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

// MARK: Tag files

struct tg_apt_tagfile {
    FileFd fd;
    std::unique_ptr<pkgTagFile> tags;
    pkgTagSection section;
    // In-memory mode: the text (with a trailing blank line) and the read position.
    std::string memory;
    size_t position = 0;
    bool in_memory = false;
    unsigned long long offset = 0;
};

extern "C" tg_apt_tagfile *tg_apt_tagfile_open(const char *path, int clearsigned) {
    _error->Discard();
    auto file = std::make_unique<tg_apt_tagfile>();
    bool opened = false;
    if (clearsigned != 0 && StartsWithGPGClearTextSignature(path)) {
        opened = OpenMaybeClearSignedFile(path, file->fd);
    } else {
        opened = file->fd.Open(path, FileFd::ReadOnly, FileFd::Extension);
    }
    if (!opened || file->fd.Failed()) {
        if (_error->empty()) _error->Error("cannot open %s", path);
        return nullptr;
    }
    file->tags = std::make_unique<pkgTagFile>(&file->fd, pkgTagFile::SUPPORT_COMMENTS);
    if (_error->PendingError()) return nullptr;
    return file.release();
}

extern "C" tg_apt_tagfile *tg_apt_tagfile_open_memory(const char *data, size_t length) {
    _error->Discard();
    auto file = std::make_unique<tg_apt_tagfile>();
    file->in_memory = true;
    file->memory.assign(data, length);
    file->memory += "\n\n";
    return file.release();
}

extern "C" int tg_apt_tagfile_step(tg_apt_tagfile *file) {
    _error->Discard();
    if (!file->in_memory) {
        file->offset = file->tags->Offset();
        if (file->tags->Step(file->section)) return 1;
        return _error->PendingError() ? -1 : 0;
    }
    // Skip blank lines and comment lines between stanzas.
    std::string &m = file->memory;
    while (file->position < m.size()) {
        size_t line_end = m.find('\n', file->position);
        if (line_end == std::string::npos) line_end = m.size();
        bool blank = true;
        for (size_t i = file->position; i < line_end; ++i) {
            if (!is_space(m[i])) {
                blank = false;
                break;
            }
        }
        if (!blank && m[file->position] != '#') break;
        file->position = line_end + 1;
    }
    if (file->position >= m.size()) return 0;
    file->offset = file->position;
    if (!file->section.Scan(m.data() + file->position, m.size() - file->position)) {
        if (_error->empty()) _error->Error("malformed stanza at offset %zu", file->position);
        return -1;
    }
    file->position += file->section.size();
    return 1;
}

extern "C" unsigned long long tg_apt_tagfile_offset(tg_apt_tagfile *file) { return file->offset; }

extern "C" unsigned tg_apt_section_count(const tg_apt_tagfile *file) { return file->section.Count(); }

extern "C" int tg_apt_section_field(const tg_apt_tagfile *file, unsigned index, tg_apt_str *name,
                                    tg_apt_str *value) {
    if (index >= file->section.Count()) return 0;
    const char *start = nullptr;
    const char *stop = nullptr;
    file->section.Get(start, stop, index);
    const char *colon = static_cast<const char *>(std::memchr(start, ':', stop - start));
    if (colon == nullptr) return 0;
    const char *name_end = colon;
    while (name_end > start && is_space(name_end[-1])) --name_end;
    const char *v = colon + 1;
    while (v < stop && is_space(*v)) ++v;
    const char *v_end = stop;
    while (v_end > v && is_space(v_end[-1])) --v_end;
    *name = tg_apt_str{start, static_cast<size_t>(name_end - start)};
    *value = tg_apt_str{v, static_cast<size_t>(v_end - v)};
    return 1;
}

extern "C" int tg_apt_section_find(const tg_apt_tagfile *file, const char *name, size_t name_length,
                                   tg_apt_str *value) {
    const char *start = nullptr;
    const char *stop = nullptr;
    if (!file->section.Find(APT::StringView(name, name_length), start, stop)) return 0;
    while (stop > start && is_space(stop[-1])) --stop;
    *value = tg_apt_str{start, static_cast<size_t>(stop - start)};
    return 1;
}

extern "C" tg_apt_str tg_apt_section_raw(const tg_apt_tagfile *file) {
    const char *start = nullptr;
    const char *stop = nullptr;
    file->section.GetSection(start, stop);
    return tg_apt_str{start, static_cast<size_t>(stop - start)};
}

extern "C" void tg_apt_tagfile_close(tg_apt_tagfile *file) { delete file; }

// MARK: Clear-signed files

extern "C" int tg_apt_split_clearsigned(const char *path, char **message, size_t *message_length,
                                        char **signatures, size_t *signatures_length) {
    _error->Discard();
    *message = nullptr;
    *signatures = nullptr;
    if (!StartsWithGPGClearTextSignature(path)) return _error->PendingError() ? -1 : 0;
    FileFd content;
    FileFd sigs;
    if (!GetTempFile("tollgate-message", false, &content) || !GetTempFile("tollgate-signature", false, &sigs))
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

// MARK: Versions and relations

extern "C" int tg_apt_version_compare(const char *a, size_t a_length, const char *b, size_t b_length) {
    return debVS.DoCmpVersion(a, a + a_length, b, b + b_length);
}

extern "C" int tg_apt_version_satisfies(const char *version, const char *relation, const char *reference) {
    unsigned int op = 0;
    std::string rel(relation);
    if (rel.empty()) return 1;
    std::string padded = rel + " ";
    if (debListParser::ConvertRelation(padded.c_str(), op) == nullptr) return 0;
    return debVS.CheckDep(version, op, reference) ? 1 : 0;
}

extern "C" const char *tg_apt_parse_dependency(const char *start, const char *stop, tg_apt_dependency *out) {
    APT::StringView name;
    APT::StringView version;
    unsigned int op = 0;
    // Architecture restrictions are kept as text below; the parse itself must not drop elements for foreign
    // architectures, so the restriction lists are parsed (for syntax) against a wildcard.
    const char *next = debListParser::ParseDepends(start, stop, name, version, op, true, false, true, "any");
    if (next == nullptr) return nullptr;
    out->name = tg_apt_str{name.data(), name.size()};
    out->version = tg_apt_str{version.data(), version.size()};
    out->or_next = (op & pkgCache::Dep::Or) ? 1 : 0;
    out->op = op & ~pkgCache::Dep::Or;
    out->architectures = tg_apt_str{nullptr, 0};
    out->profiles = tg_apt_str{nullptr, 0};
    int depth = 0;
    for (const char *p = start; p < next; ++p) {
        if (*p == '(') ++depth;
        else if (*p == ')') --depth;
        else if (depth == 0 && (*p == '[' || *p == '<')) {
            char close = *p == '[' ? ']' : '>';
            const char *end = static_cast<const char *>(std::memchr(p, close, next - p));
            if (end == nullptr) break;
            tg_apt_str text{p + 1, static_cast<size_t>(end - p - 1)};
            if (*p == '[') out->architectures = text;
            else if (out->profiles.data == nullptr) out->profiles = text;
            p = end;
        }
    }
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

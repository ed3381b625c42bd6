// Maps a binary registry index and answers lookups from it, reading it as hostile input:
// every size, offset and count is checked before it is used, entries are copied out of the
// mapping with memcpy, and strings must end with a NUL inside the string section.
#include "registry_index.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gsl/assert>
#include <gsl/util>

#include "root_file_policy.hpp"

namespace ucom::registry::index {

namespace {

using namespace index_format;

guid guid_of(const guid_bytes &bytes)
{
    GUID value{};
    std::memcpy(&value, bytes.bytes, sizeof value);
    return guid(value);
}

tl::unexpected<bypass> bypassed(problem kind, const std::filesystem::path &path, const std::string &reason)
{
    return tl::make_unexpected(bypass{kind, fmt::format("{}: {}", path.string(), reason)});
}

// The sections as the header places them, with their entry sizes, for the geometry checks.
struct placed_section {
    const char *name;
    section where;
    std::uint64_t entry_size;
};

std::vector<placed_section> sections_of(const header &head)
{
    return {{"modules", head.modules, sizeof(module_entry)},
            {"classes", head.classes, sizeof(class_entry)},
            {"progids", head.progids, sizeof(name_entry)},
            {"interfaces", head.interfaces, sizeof(interface_entry)},
            {"interface names", head.interface_names, sizeof(name_entry)},
            {"module interfaces", head.module_interfaces, sizeof(module_interface_entry)},
            {"class interfaces", head.class_interfaces, sizeof(guid_bytes)},
            {"strings", head.strings, 1}};
}

// Empty when the header's sections lie inside the file, aligned and without overlap, and
// every count fits its 32-bit references; else what is wrong.
std::string geometry_problem(const header &head, std::uint64_t file_size)
{
    std::vector<placed_section> sections = sections_of(head);
    for (const placed_section &s : sections) {
        if (s.where.offset % alignment != 0 || s.where.offset < sizeof(header) || s.where.offset > file_size) {
            return fmt::format("the {} section's offset {} is misaligned or outside the file", s.name, s.where.offset);
        }
        // Divided rather than multiplied: a huge count cannot overflow the check.
        if (s.where.count > (file_size - s.where.offset) / s.entry_size || s.where.count >= UINT32_MAX) {
            return fmt::format("the {} section's count {} does not fit in the file", s.name, s.where.count);
        }
    }
    // An empty section may share its offset with the next one: by offset, then size, so
    // that the empty one comes first whatever order the sort keeps equal keys in.
    std::sort(sections.begin(), sections.end(), [](const placed_section &a, const placed_section &b) {
        const std::uint64_t a_size = a.where.count * a.entry_size;
        const std::uint64_t b_size = b.where.count * b.entry_size;
        return a.where.offset != b.where.offset ? a.where.offset < b.where.offset : a_size < b_size;
    });
    for (std::size_t i = 1; i < sections.size(); ++i) {
        const placed_section &before = sections[i - 1];
        if (before.where.offset + before.where.count * before.entry_size > sections[i].where.offset) {
            return fmt::format("the {} and {} sections overlap", before.name, sections[i].name);
        }
    }
    return {};
}

bool same_identity(const toml_identity &recorded, const struct stat &now)
{
    return recorded.device == static_cast<std::uint64_t>(now.st_dev) &&
           recorded.inode == static_cast<std::uint64_t>(now.st_ino) &&
           recorded.size == static_cast<std::uint64_t>(now.st_size) && recorded.mtime_seconds == now.st_mtim.tv_sec &&
           recorded.mtime_nanoseconds == now.st_mtim.tv_nsec && recorded.ctime_seconds == now.st_ctim.tv_sec &&
           recorded.ctime_nanoseconds == now.st_ctim.tv_nsec;
}

// The first place in [0, count) whose key is not less than `key`, by a search that takes
// ceil(log2(count)) + 1 steps whatever the table holds: an unsorted table gives a wrong
// place, never a loop or a read outside it. `less(place, key)` may fail (a damaged entry).
template <class Less>
result<std::uint64_t> lower_bound(std::uint64_t count, Less less)
{
    std::uint64_t first = 0;
    while (count > 0) {
        const std::uint64_t half = count / 2;
        const result<bool> before = less(first + half);
        if (!before) {
            return tl::make_unexpected(before.error());
        }
        if (*before) {
            first += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    return first;
}

} // namespace

std::optional<registry_status> status_of(const std::filesystem::path &toml_file)
{
    registry_status found;
    if (::stat(toml_file.c_str(), &found.status) != 0) {
        if (errno == ENOENT) {
            return found;
        }
        return std::nullopt;
    }
    if (!S_ISREG(found.status.st_mode)) {
        return std::nullopt;
    }
    found.exists = true;
    found.real = std::filesystem::absolute(toml_file);
    struct stat link {};
    if (::lstat(toml_file.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
        std::error_code failed;
        found.real = std::filesystem::canonical(toml_file, failed);
        if (failed) {
            return std::nullopt;
        }
    }
    return found;
}

view::view(std::filesystem::path path, const unsigned char *base, std::size_t size, const header &head)
    : path_(std::move(path)), base_(base), size_(size), header_(head)
{
}

view::~view() { ::munmap(const_cast<unsigned char *>(base_), size_); }

tl::expected<std::shared_ptr<const view>, bypass> view::open(const std::filesystem::path &toml_path,
                                                             const struct stat &toml)
{
    const std::filesystem::path path = path_for(toml_path);
    // Non-blocking (a FIFO would wait for a writer) and never through a symlink: the writer
    // only ever renames a regular file into place.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) {
            return bypassed(problem::missing, path, "no index");
        }
        return bypassed(problem::unreadable, path,
                        errno == ELOOP ? std::string("the index is a symlink; an index never is")
                                       : fmt::format("cannot open the index: {}", std::strerror(errno)));
    }
    auto close_fd = gsl::finally([fd] { ::close(fd); });
    struct stat status {};
    if (::fstat(fd, &status) != 0) {
        return bypassed(problem::unreadable, path, fmt::format("cannot stat the index: {}", std::strerror(errno)));
    }
    if (!S_ISREG(status.st_mode)) {
        return bypassed(problem::unreadable, path, "the index is not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(status.st_size);
    if (size > max_index_bytes) {
        return bypassed(problem::damaged, path,
                        fmt::format("the index is larger than its limit of {} MiB (max_index_bytes)", max_index_bytes >> 20U));
    }
    if (size < sizeof(header)) {
        return bypassed(problem::damaged, path, "the index is shorter than its header");
    }
    if (root_policy::applies()) {
        if (auto allowed = root_policy::check_file(path, status); !allowed) {
            return bypassed(problem::unreadable, path, allowed.error().message());
        }
    }
    // Whoever may change the index decides what hosts load: only the TOML file's owner (who
    // may change that file anyway), writing it no more openly than the TOML file. Another
    // user's index in a shared folder such as /tmp is not this registry's.
    if (status.st_uid != toml.st_uid) {
        return bypassed(problem::unreadable, path,
                        fmt::format("the index belongs to user {}, the registry file to user {}", status.st_uid,
                                    toml.st_uid));
    }
    if ((status.st_mode & ~toml.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return bypassed(problem::unreadable, path, "others may write the index but not the registry file");
    }
    void *mapped = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
        return bypassed(problem::unreadable, path, fmt::format("cannot map the index: {}", std::strerror(errno)));
    }
    header head{};
    std::memcpy(&head, mapped, sizeof head);
    // Owned from here, so that every refusal below unmaps it.
    std::shared_ptr<const view> opened(new view(path, static_cast<const unsigned char *>(mapped),
                                                static_cast<std::size_t>(size), head));
    if (std::memcmp(head.magic, magic, sizeof magic) != 0) {
        return bypassed(problem::damaged, path, "not a ucom registry index (wrong magic)");
    }
    if (head.byte_order != byte_order_mark) {
        return bypassed(problem::damaged, path, "the index is in another byte order");
    }
    if (head.version != version) {
        // Another ucom's format (index format 1 had no contracts): not damage, just not ours.
        return bypassed(problem::stale, path,
                        fmt::format("index format {}, written by another ucom (this one reads format {})",
                                    head.version, version));
    }
    if (head.header_size != sizeof(header)) {
        return bypassed(problem::damaged, path,
                        fmt::format("an index header of {} bytes (format {} has {})", head.header_size, version,
                                    sizeof(header)));
    }
    if (head.file_size != size) {
        return bypassed(problem::damaged, path,
                        fmt::format("the index is {} bytes, its header says {} (truncated?)", size, head.file_size));
    }
    if (const std::string wrong = geometry_problem(head, size); !wrong.empty()) {
        return bypassed(problem::damaged, path, wrong);
    }
    if (head.strings.count == 0 || opened->base_[head.strings.offset] != 0 ||
        opened->base_[head.strings.offset + head.strings.count - 1] != 0) {
        return bypassed(problem::damaged, path, "the string section does not start and end with a NUL");
    }
    if (!same_identity(head.toml, toml)) {
        return bypassed(problem::stale, path,
                        "stale: the registry file changed since the index was written (its inode, size, mtime or "
                        "ctime differs); the next write rebuilds it");
    }
    return opened;
}

error view::damaged(const std::string &reason) const
{
    return error(REGDB_E_READREGDB,
                 fmt::format("{}: the registry index is damaged: {} (any `ucom register` or `ucom unregister` on this "
                             "registry rebuilds it; deleting it is safe too)",
                             path_.string(), reason),
                 path_.string());
}

template <class Entry>
Entry view::entry(const section &table, std::uint64_t place) const
{
    // open() checked that the table's `count` entries lie inside the file.
    Expects(place < table.count);
    Entry out{};
    std::memcpy(&out, base_ + table.offset + place * sizeof(Entry), sizeof out);
    return out;
}

result<std::string_view> view::text(const string_ref &ref, std::string_view what) const
{
    const std::uint64_t end = std::uint64_t{ref.offset} + ref.size;
    if (end >= header_.strings.count) {
        return tl::make_unexpected(damaged(fmt::format("{}: a string outside the string section", what)));
    }
    const auto *start = reinterpret_cast<const char *>(base_ + header_.strings.offset + ref.offset);
    if (start[ref.size] != '\0' || std::memchr(start, '\0', ref.size) != nullptr) {
        return tl::make_unexpected(damaged(fmt::format("{}: a string that does not end at its NUL", what)));
    }
    return std::string_view(start, ref.size);
}

guid view::clsid_at(std::uint32_t place) const { return guid_of(entry<class_entry>(header_.classes, place).clsid); }

guid view::iid_at(std::uint32_t place) const { return guid_of(entry<interface_entry>(header_.interfaces, place).iid); }

namespace {

// The place of `key` in a table of `count` GUIDs sorted ascending, `at(place)` reading one.
template <class At>
std::optional<std::uint32_t> find_guid(std::uint64_t count, const guid &key, At at)
{
    const auto place =
        lower_bound(count, [&](std::uint64_t p) -> result<bool> { return at(static_cast<std::uint32_t>(p)) < key; });
    if (*place < count && at(static_cast<std::uint32_t>(*place)) == key) {
        return static_cast<std::uint32_t>(*place);
    }
    return std::nullopt;
}

} // namespace

result<std::optional<std::uint32_t>> view::find_class(const guid &clsid) const
{
    return find_guid(header_.classes.count, clsid, [&](std::uint32_t p) { return clsid_at(p); });
}

result<std::optional<std::uint32_t>> view::find_interface(const guid &iid) const
{
    return find_guid(header_.interfaces.count, iid, [&](std::uint32_t p) { return iid_at(p); });
}

namespace {

// A name table's entry whose name is `name`, by binary search; its target must lie in a
// table of `targets` entries.
template <class Text>
result<std::optional<std::uint32_t>> find_name(const section &table, std::uint64_t targets, std::string_view name,
                                               const Text &text_at)
{
    const auto place = lower_bound(table.count, [&](std::uint64_t p) -> result<bool> {
        auto found = text_at(p);
        if (!found) {
            return tl::make_unexpected(found.error());
        }
        return found->first < name;
    });
    if (!place) {
        return tl::make_unexpected(place.error());
    }
    if (*place >= table.count) {
        return std::nullopt;
    }
    auto found = text_at(*place);
    if (!found) {
        return tl::make_unexpected(found.error());
    }
    if (found->first != name) {
        return std::nullopt;
    }
    return found->second < targets ? std::optional<std::uint32_t>(found->second) : std::nullopt;
}

} // namespace

result<std::optional<std::uint32_t>> view::find_named(const section &table, std::uint64_t targets,
                                                      std::string_view name, std::string_view what) const
{
    return find_name(table, targets, name, [&](std::uint64_t p) -> result<std::pair<std::string_view, std::uint32_t>> {
        const auto named = entry<name_entry>(table, p);
        auto found = text(named.name, what);
        if (!found) {
            return tl::make_unexpected(found.error());
        }
        if (named.target >= targets) {
            return tl::make_unexpected(damaged(fmt::format("{}: its entry points outside its table", what)));
        }
        return std::pair(*found, named.target);
    });
}

result<std::optional<std::uint32_t>> view::find_progid(std::string_view progid) const
{
    return find_named(header_.progids, header_.classes.count, progid, "a ProgID");
}

result<std::optional<std::uint32_t>> view::find_interface(std::string_view name) const
{
    return find_named(header_.interface_names, header_.interfaces.count, name, "an interface name");
}

result<interface_record> view::interface_at(std::uint32_t place) const
{
    const auto e = entry<interface_entry>(header_.interfaces, place);
    interface_record record;
    record.iid = guid_of(e.iid);
    record.fingerprint = e.fingerprint;
    record.contract = e.contract;
    auto name = text(e.name, "an interface's name");
    auto description = text(e.description, "an interface's description");
    if (!name || !description) {
        return tl::make_unexpected(!name ? name.error() : description.error());
    }
    if (name->empty()) {
        return tl::make_unexpected(damaged(fmt::format("interface {} has no name", record.iid.to_string())));
    }
    record.name = *name;
    record.description = *description;
    return record;
}

result<registry_file> view::class_file(std::uint32_t place) const
{
    const auto c = entry<class_entry>(header_.classes, place);
    class_record record;
    record.clsid = guid_of(c.clsid);
    const std::string what = fmt::format("class {}", record.clsid.to_string());
    for (auto [ref, into] : {std::pair{c.progid, &record.progid}, std::pair{c.vi_progid, &record.vi_progid},
                             std::pair{c.name, &record.name}, std::pair{c.description, &record.description},
                             std::pair{c.threading, &record.threading}}) {
        auto found = text(ref, what);
        if (!found) {
            return tl::make_unexpected(found.error());
        }
        *into = *found;
    }
    for (const std::string *progid : {&record.progid, &record.vi_progid}) {
        if (!progid->empty() && !is_progid(*progid)) {
            return tl::make_unexpected(damaged(fmt::format("{}: '{}' is not a ProgID", what, *progid)));
        }
    }
    if (c.module >= header_.modules.count) {
        return tl::make_unexpected(damaged(fmt::format("{}: its module is outside the module table", what)));
    }
    if (std::uint64_t{c.first_interface} + c.interface_count > header_.class_interfaces.count) {
        return tl::make_unexpected(damaged(fmt::format("{}: its interface list is outside its table", what)));
    }
    for (std::uint32_t i = 0; i < c.interface_count; ++i) {
        record.interfaces.push_back(guid_of(entry<guid_bytes>(header_.class_interfaces, c.first_interface + i)));
    }

    const auto m = entry<module_entry>(header_.modules, c.module);
    module_record module;
    auto path = text(m.path, what + ": its module's path");
    if (!path) {
        return tl::make_unexpected(path.error());
    }
    if (path->empty()) {
        return tl::make_unexpected(damaged(fmt::format("{}: its module has no path", what)));
    }
    module.path = *path;
    module.abi_major = m.abi_major;
    module.abi_minor = m.abi_minor;
    if (std::uint64_t{m.first_interface} + m.interface_count > header_.module_interfaces.count) {
        return tl::make_unexpected(damaged(fmt::format("module '{}': its interface list is outside its table", module.path)));
    }
    registry_file file;
    std::set<guid> seen; // a list naming one interface again and again would copy it each time
    for (std::uint32_t i = 0; i < m.interface_count; ++i) {
        const auto implemented = entry<module_interface_entry>(header_.module_interfaces, m.first_interface + i);
        if (!seen.insert(guid_of(implemented.iid)).second) {
            return tl::make_unexpected(
                damaged(fmt::format("module '{}': its interface list names an interface twice", module.path)));
        }
        module.interfaces.push_back({guid_of(implemented.iid), implemented.fingerprint, implemented.contract});
        auto known = find_interface(module.interfaces.back().iid);
        if (!known) {
            return tl::make_unexpected(known.error());
        }
        if (*known) {
            auto iface = interface_at(**known);
            if (!iface) {
                return tl::make_unexpected(iface.error());
            }
            file.interfaces.push_back(std::move(*iface));
        }
    }
    record.module = module.path;
    file.modules.push_back(std::move(module));
    file.classes.push_back(std::move(record));
    return file;
}

bool view::holds(std::string_view expected) const
{
    return expected.size() == size_ && std::memcmp(expected.data(), base_, size_) == 0;
}

} // namespace ucom::registry::index

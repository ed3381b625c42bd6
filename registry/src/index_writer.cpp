// Builds the binary index of a registry file (index_format.hpp) from its model: the tables
// sorted for binary search, strings stored once. update_registry writes it beside the TOML.
#include "registry_index.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace ucom::registry::index {

namespace {

using namespace index_format;

guid_bytes bytes_of(const guid &value)
{
    guid_bytes out{};
    static_assert(sizeof out.bytes == sizeof(GUID));
    std::memcpy(out.bytes, &value.abi(), sizeof out.bytes);
    return out;
}

// Thrown when a value does not fit the format (a count or offset its field, a NUL in a
// string); build() turns it into "no index".
struct does_not_fit {};

std::uint32_t narrow32(std::size_t value)
{
    if (value >= std::numeric_limits<std::uint32_t>::max()) {
        throw does_not_fit{};
    }
    return static_cast<std::uint32_t>(value);
}

// The string section: each distinct text once, NUL-terminated, after a leading NUL.
class string_pool {
public:
    string_pool() : bytes_(1, '\0') {}

    string_ref add(const std::string &text)
    {
        if (text.empty()) {
            return {0, 0};
        }
        if (text.find('\0') != std::string::npos) {
            throw does_not_fit{}; // a TOML string may hold U+0000; an index string may not
        }
        const auto [found, added] = refs_.try_emplace(text, string_ref{narrow32(bytes_.size()), narrow32(text.size())});
        if (added) {
            bytes_ += text;
            bytes_ += '\0';
        }
        return found->second;
    }

    const std::string &bytes() const { return bytes_; }

private:
    std::string bytes_;
    std::unordered_map<std::string, string_ref> refs_;
};

// Appends the tables one after another, each at a multiple of `alignment`.
class file_writer {
public:
    explicit file_writer(std::size_t reserve) { bytes_.reserve(reserve); }

    template <class Entry>
    section put(const std::vector<Entry> &entries)
    {
        return put_bytes(entries.data(), entries.size() * sizeof(Entry), entries.size());
    }

    section put_bytes(const void *data, std::size_t size, std::size_t count)
    {
        bytes_.resize((bytes_.size() + alignment - 1) / alignment * alignment, '\0');
        const section placed{bytes_.size(), count};
        if (size != 0) { // an empty table's data() may be null
            bytes_.append(static_cast<const char *>(data), size);
        }
        return placed;
    }

    std::string &bytes() { return bytes_; }

private:
    std::string bytes_;
};

// Pointers to `records`, ordered by key(record).
template <class Record, class Key>
std::vector<const Record *> sorted(const std::vector<Record> &records, Key key)
{
    std::vector<const Record *> order;
    order.reserve(records.size());
    for (const Record &r : records) {
        order.push_back(&r);
    }
    std::sort(order.begin(), order.end(), [&](const Record *a, const Record *b) { return key(*a) < key(*b); });
    return order;
}

} // namespace

std::filesystem::path path_for(const std::filesystem::path &toml_file)
{
    std::filesystem::path index = toml_file;
    index += ".index";
    return index;
}

std::uint64_t content_hash(std::string_view text)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    return hash;
}

std::optional<std::string> build(const registry_file &file, const struct stat &toml, std::string_view toml_text)
{
    try {
        string_pool strings;
        std::unordered_map<std::string_view, std::uint32_t> module_places;
        std::vector<module_entry> modules;
        std::vector<module_interface_entry> module_interfaces;
        // Sorted, as serialize_registry writes them: the index of a file is the same whether it
        // is built from the edit that wrote the file or from the file read back.
        const auto by_path = sorted(file.modules, [](const module_record &m) { return m.path; });
        for (const module_record *each : by_path) {
            const module_record &m = *each;
            module_places.emplace(m.path, narrow32(modules.size()));
            modules.push_back({strings.add(m.path), m.abi_major, m.abi_minor, narrow32(module_interfaces.size()),
                               narrow32(m.interfaces.size()), 0});
            for (const module_interface &i : m.interfaces) {
                module_interfaces.push_back({bytes_of(i.iid), i.fingerprint, i.contract});
            }
        }

        const auto by_clsid = sorted(file.classes, [](const class_record &c) { return c.clsid; });
        std::vector<class_entry> classes;
        std::vector<guid_bytes> class_interfaces;
        std::vector<std::pair<std::string_view, std::uint32_t>> progids;
        classes.reserve(by_clsid.size());
        for (const class_record *c : by_clsid) {
            const auto module = module_places.find(c->module);
            if (module == module_places.end()) {
                return std::nullopt;
            }
            const std::uint32_t place = narrow32(classes.size());
            classes.push_back({bytes_of(c->clsid), strings.add(c->progid), strings.add(c->vi_progid),
                               strings.add(c->name), strings.add(c->description), strings.add(c->threading),
                               module->second, narrow32(class_interfaces.size()), narrow32(c->interfaces.size()), 0});
            for (const guid &iid : c->interfaces) {
                class_interfaces.push_back(bytes_of(iid));
            }
            if (!c->progid.empty()) {
                progids.emplace_back(c->progid, place);
            }
            if (!c->vi_progid.empty() && c->vi_progid != c->progid) {
                progids.emplace_back(c->vi_progid, place);
            }
        }
        std::sort(progids.begin(), progids.end());
        std::vector<name_entry> progid_entries;
        progid_entries.reserve(progids.size());
        for (const auto &[name, place] : progids) {
            progid_entries.push_back({strings.add(std::string(name)), place, 0});
        }

        const auto by_iid = sorted(file.interfaces, [](const interface_record &i) { return i.iid; });
        std::vector<interface_entry> interfaces;
        std::vector<std::tuple<std::string_view, guid, std::uint32_t>> names;
        for (const interface_record *i : by_iid) {
            names.emplace_back(i->name, i->iid, narrow32(interfaces.size()));
            interfaces.push_back(
                {bytes_of(i->iid), i->fingerprint, strings.add(i->name), strings.add(i->description), i->contract});
        }
        std::sort(names.begin(), names.end());
        std::vector<name_entry> interface_names;
        interface_names.reserve(names.size());
        for (const auto &[name, iid, place] : names) {
            interface_names.push_back({strings.add(std::string(name)), place, 0});
        }

        header head{};
        std::memcpy(head.magic, magic, sizeof head.magic);
        head.version = version;
        head.byte_order = byte_order_mark;
        head.header_size = sizeof(header);
        head.toml = {static_cast<std::uint64_t>(toml.st_dev),
                     static_cast<std::uint64_t>(toml.st_ino),
                     static_cast<std::uint64_t>(toml.st_size),
                     toml.st_mtim.tv_sec,
                     toml.st_mtim.tv_nsec,
                     toml.st_ctim.tv_sec,
                     toml.st_ctim.tv_nsec,
                     content_hash(toml_text)};

        file_writer out(sizeof(header) + classes.size() * 128 + strings.bytes().size());
        out.put_bytes(&head, sizeof head, 1);
        head.modules = out.put(modules);
        head.classes = out.put(classes);
        head.progids = out.put(progid_entries);
        head.interfaces = out.put(interfaces);
        head.interface_names = out.put(interface_names);
        head.module_interfaces = out.put(module_interfaces);
        head.class_interfaces = out.put(class_interfaces);
        head.strings = out.put_bytes(strings.bytes().data(), strings.bytes().size(), strings.bytes().size());
        head.file_size = out.bytes().size();
        if (head.file_size > max_index_bytes) {
            return std::nullopt;
        }
        std::memcpy(out.bytes().data(), &head, sizeof head);
        return std::move(out.bytes());
    } catch (const does_not_fit &) {
        return std::nullopt;
    }
}

} // namespace ucom::registry::index

// The descriptor reader: libelf finds the section, then every field is read with memcpy at
// the offsets the blob gives, each checked against the bytes there really are, so a short,
// corrupt or foreign blob is refused with a message that says which.
#include <ucom/module_file/descriptor.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <fmt/format.h>

#include <ucom/module_descriptor.h>

namespace ucom::descriptor {
namespace {

error bad_descriptor(const std::string &origin, const std::string &what)
{
    return error(CO_E_ERRORINDLL, fmt::format("{}: {}", origin, what), "ucom module descriptor");
}

// Reads a T at `offset` of `bytes` if it is all there.
template <class T>
std::optional<T> read_at(gsl::span<const std::byte> bytes, std::size_t offset, std::size_t size)
{
    if (offset > bytes.size() || bytes.size() - offset < size || size < sizeof(T)) {
        return std::nullopt;
    }
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

result<std::string> string_at(gsl::span<const std::byte> strings, std::uint32_t offset, const std::string &origin)
{
    if (offset >= strings.size()) {
        return tl::make_unexpected(
            bad_descriptor(origin, fmt::format("string offset {} is outside the string table", offset)));
    }
    const auto *begin = reinterpret_cast<const char *>(strings.data()) + offset; // bytes as characters
    auto length = strnlen(begin, strings.size() - offset);
    if (length == strings.size() - offset) {
        return tl::make_unexpected(bad_descriptor(origin, "a string runs past the end of the string table"));
    }
    return std::string(begin, length);
}

result<std::vector<interface_entry>> parse_interfaces(gsl::span<const std::byte> blob,
                                                      const ucom_descriptor_header &header,
                                                      const ucom_descriptor_class &record,
                                                      gsl::span<const std::byte> strings, const std::string &origin)
{
    std::vector<interface_entry> interfaces;
    for (std::uint32_t i = 0; i < record.interface_count; ++i) {
        auto at = std::size_t{record.interfaces_offset} + std::size_t{i} * header.interface_size;
        auto entry = read_at<ucom_descriptor_interface>(blob, at, header.interface_size);
        if (!entry) {
            return tl::make_unexpected(bad_descriptor(origin, "an interface record lies outside its blob"));
        }
        auto name = string_at(strings, entry->name, origin);
        if (!name) {
            return tl::make_unexpected(name.error());
        }
        interfaces.push_back({guid(entry->iid), std::move(*name), entry->fingerprint, entry->flags});
    }
    return interfaces;
}

result<class_entry> parse_class(gsl::span<const std::byte> blob, const ucom_descriptor_header &header,
                                std::uint32_t index, gsl::span<const std::byte> strings, const std::string &origin)
{
    auto at = std::size_t{header.classes_offset} + std::size_t{index} * header.class_size;
    auto record = read_at<ucom_descriptor_class>(blob, at, header.class_size);
    if (!record) {
        return tl::make_unexpected(bad_descriptor(origin, "a class record lies outside its blob"));
    }
    class_entry entry;
    entry.clsid = guid(record->clsid);
    entry.threading = record->threading;
    for (auto [offset, field] :
         {std::pair{record->name, &entry.name}, std::pair{record->progid, &entry.progid},
          std::pair{record->vi_progid, &entry.vi_progid}, std::pair{record->description, &entry.description}}) {
        auto text = string_at(strings, offset, origin);
        if (!text) {
            return tl::make_unexpected(text.error());
        }
        *field = std::move(*text);
    }
    auto interfaces = parse_interfaces(blob, header, *record, strings, origin);
    if (!interfaces) {
        return tl::make_unexpected(interfaces.error());
    }
    entry.interfaces = std::move(*interfaces);
    return entry;
}

// One blob: its header checked (size first, then magic and major), then its records.
result<std::size_t> parse_blob(gsl::span<const std::byte> rest, module_info &info, const std::string &origin)
{
    auto size = read_at<std::uint32_t>(rest, 0, sizeof(std::uint32_t));
    if (!size || *size < sizeof(ucom_descriptor_header) || *size > rest.size()) {
        return tl::make_unexpected(
            bad_descriptor(origin, fmt::format("the module descriptor is truncated: a blob of {} bytes where {} remain",
                                               size ? *size : 0U, rest.size())));
    }
    auto blob = rest.first(*size);
    auto header = *read_at<ucom_descriptor_header>(blob, 0, sizeof(ucom_descriptor_header));
    if (header.magic != UCOM_DESCRIPTOR_MAGIC) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor has a wrong magic number"));
    }
    if (header.abi_major != UCOM_DESCRIPTOR_ABI_MAJOR) {
        return tl::make_unexpected(
            bad_descriptor(origin, fmt::format("the module descriptor is ABI {}.{}; this ucom reads {}.x",
                                               header.abi_major, header.abi_minor, UCOM_DESCRIPTOR_ABI_MAJOR)));
    }
    if (header.header_size < sizeof(ucom_descriptor_header) || header.class_size < sizeof(ucom_descriptor_class) ||
        header.interface_size < sizeof(ucom_descriptor_interface)) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor's records are too small"));
    }
    if (header.strings_offset > blob.size() || blob.size() - header.strings_offset < header.strings_size) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor's string table lies outside it"));
    }
    auto strings = blob.subspan(header.strings_offset, header.strings_size);
    info.abi_major = header.abi_major;
    info.abi_minor = header.abi_minor;
    for (std::uint32_t i = 0; i < header.class_count; ++i) {
        auto entry = parse_class(blob, header, i, strings, origin);
        if (!entry) {
            return tl::make_unexpected(entry.error());
        }
        info.classes.push_back(std::move(*entry));
    }
    return std::size_t{*size};
}

struct elf_closer {
    void operator()(Elf *elf) const noexcept { elf_end(elf); }
};

} // namespace

result<module_info> parse_section(gsl::span<const std::byte> bytes, const std::string &origin)
{
    module_info info;
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        auto used = parse_blob(bytes.subspan(offset), info, origin);
        if (!used) {
            return tl::make_unexpected(used.error());
        }
        offset += (*used + 7U) & ~std::size_t{7}; // blobs start 8-byte aligned; zeros pad them
    }
    if (info.abi_major == 0) {
        return tl::make_unexpected(bad_descriptor(origin, "the ucom_descriptor section is empty"));
    }
    return info;
}

result<module_info> read_module_file(const std::filesystem::path &file)
{
    const auto origin = file.string();
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return tl::make_unexpected(
            error(CO_E_DLLNOTFOUND, fmt::format("cannot open '{}': {}", origin, std::strerror(errno)), "ucom"));
    }
    auto close_fd = gsl::finally([fd] { ::close(fd); });
    return read_module_descriptor(fd, origin);
}

result<module_info> read_module_descriptor(int fd, const std::string &origin, entry_points wanted)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        return tl::make_unexpected(error(E_FAIL, "libelf is out of date", "ucom"));
    }
    std::unique_ptr<Elf, elf_closer> elf(elf_begin(fd, ELF_C_READ, nullptr));
    if (!elf || elf_kind(elf.get()) != ELF_K_ELF) {
        return tl::make_unexpected(bad_descriptor(origin, "not an ELF file (a plugin is a shared library)"));
    }
    std::size_t names_index = 0;
    if (elf_getshdrstrndx(elf.get(), &names_index) != 0) {
        return tl::make_unexpected(bad_descriptor(origin, "the ELF file has no section names"));
    }
    Elf_Data *descriptor = nullptr;
    bool defines_get_class_object = false;
    bool defines_can_unload_now = false;
    for (Elf_Scn *section = elf_nextscn(elf.get(), nullptr); section != nullptr;
         section = elf_nextscn(elf.get(), section)) {
        GElf_Shdr header;
        if (gelf_getshdr(section, &header) == nullptr) {
            continue;
        }
        if (header.sh_type == SHT_DYNSYM && wanted == entry_points::find) {
            // The entry points the module defines itself (not ones it imports).
            Elf_Data *symbols = elf_getdata(section, nullptr);
            const std::size_t count = header.sh_entsize != 0 ? header.sh_size / header.sh_entsize : 0;
            for (std::size_t i = 0; symbols != nullptr && i < count; ++i) {
                GElf_Sym symbol;
                if (gelf_getsym(symbols, static_cast<int>(i), &symbol) == nullptr || symbol.st_shndx == SHN_UNDEF ||
                    GELF_ST_TYPE(symbol.st_info) != STT_FUNC) {
                    continue;
                }
                const char *name = elf_strptr(elf.get(), header.sh_link, symbol.st_name);
                defines_get_class_object =
                    defines_get_class_object || (name != nullptr && std::strcmp(name, "DllGetClassObject") == 0);
                defines_can_unload_now =
                    defines_can_unload_now || (name != nullptr && std::strcmp(name, "DllCanUnloadNow") == 0);
            }
            continue;
        }
        const char *name = elf_strptr(elf.get(), names_index, header.sh_name);
        if (name == nullptr || std::strcmp(name, UCOM_DESCRIPTOR_SECTION) != 0) {
            continue;
        }
        descriptor = elf_getdata(section, nullptr);
        if (descriptor == nullptr || descriptor->d_buf == nullptr) {
            return tl::make_unexpected(bad_descriptor(origin, "the ucom_descriptor section cannot be read"));
        }
    }
    if (descriptor == nullptr) {
        return tl::make_unexpected(bad_descriptor(
            origin,
            "no ucom_descriptor section: not a ucom module (its IDL's --emit descriptor file is not linked in)"));
    }
    auto info = parse_section({static_cast<const std::byte *>(descriptor->d_buf), descriptor->d_size}, origin);
    if (info) {
        info->defines_get_class_object = defines_get_class_object;
        info->defines_can_unload_now = defines_can_unload_now;
    }
    return info;
}

std::string_view threading_name(std::uint32_t threading)
{
    switch (threading) {
    case UCOM_THREADING_APARTMENT:
        return "apartment";
    case UCOM_THREADING_FREE:
        return "free";
    case UCOM_THREADING_BOTH:
        return "both";
    case UCOM_THREADING_NEUTRAL:
        return "neutral";
    case UCOM_THREADING_SINGLE:
        return "single";
    default:
        return "unspecified";
    }
}

} // namespace ucom::descriptor

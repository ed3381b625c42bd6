// The descriptor reader: libelf finds the section, then every field is read with memcpy at
// the offsets the blob gives, each checked against the bytes there really are, so a short,
// corrupt or foreign blob is refused with a message that says which.
#include <ucom/module_file/descriptor.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <fmt/format.h>

#include <ucom/module_descriptor.h>

#include "read_at.hpp"

namespace ucom::descriptor {
namespace {

using module_file::read_at;

error bad_descriptor(const std::string &origin, const std::string &what)
{
    return error(CO_E_ERRORINDLL, fmt::format("{}: {}", origin, what), "ucom module descriptor");
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

// `count` interface records at `offset`: a class's, or the module's uses table.
result<std::vector<interface_entry>> parse_interfaces(gsl::span<const std::byte> blob,
                                                      const ucom_descriptor_header &header, std::uint32_t offset,
                                                      std::uint32_t count, gsl::span<const std::byte> strings,
                                                      const std::string &origin)
{
    std::vector<interface_entry> interfaces;
    for (std::uint32_t i = 0; i < count; ++i) {
        auto at = std::size_t{offset} + std::size_t{i} * header.interface_size;
        auto entry = module_file::read_prefix_at<ucom_descriptor_interface>(blob, at, header.interface_size,
                                                                            UCOM_DESCRIPTOR_INTERFACE_SIZE_1_0);
        if (!entry) {
            return tl::make_unexpected(bad_descriptor(origin, "an interface record lies outside its blob"));
        }
        auto name = string_at(strings, entry->name, origin);
        if (!name) {
            return tl::make_unexpected(name.error());
        }
        // A contract of a layout version this reader does not know is not one it can compare.
        const bool known_contract = header.layout_version == contract_layout_version;
        interfaces.push_back({guid(entry->iid), std::move(*name), entry->fingerprint, entry->flags,
                              known_contract ? entry->contract : 0});
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
    auto interfaces =
        parse_interfaces(blob, header, record->interfaces_offset, record->interface_count, strings, origin);
    if (!interfaces) {
        return tl::make_unexpected(interfaces.error());
    }
    entry.interfaces = std::move(*interfaces);
    return entry;
}

// The class records lie in the blob, and so does each class's interface array, and no two
// classes share interface records: then the reader's work is linear in the blob's size
// (strings may be shared: the writer shares equal strings on purpose).
result<void> check_record_bounds(gsl::span<const std::byte> blob, const ucom_descriptor_header &header,
                                 const std::string &origin)
{
    const auto fits = [&](std::uint64_t offset, std::uint64_t count, std::uint64_t size) {
        return offset <= blob.size() && count <= (blob.size() - offset) / size;
    };
    if (!fits(header.classes_offset, header.class_count, header.class_size)) {
        return tl::make_unexpected(bad_descriptor(
            origin, fmt::format("the module descriptor's {} class records lie outside it", header.class_count)));
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> arrays; // [begin, end) of each interface array
    for (std::uint32_t i = 0; i < header.class_count; ++i) {
        const auto record = *read_at<ucom_descriptor_class>(
            blob, std::size_t{header.classes_offset} + std::size_t{i} * header.class_size, header.class_size);
        if (!fits(record.interfaces_offset, record.interface_count, header.interface_size)) {
            return tl::make_unexpected(
                bad_descriptor(origin, fmt::format("the interface records of class record {} lie outside its blob", i)));
        }
        if (record.interface_count != 0) {
            arrays.emplace_back(record.interfaces_offset,
                                record.interfaces_offset + std::uint64_t{record.interface_count} * header.interface_size);
        }
    }
    if (!fits(header.uses_offset, header.uses_count, header.interface_size)) {
        return tl::make_unexpected(bad_descriptor(
            origin, fmt::format("the module descriptor's {} used-interface records lie outside it", header.uses_count)));
    }
    std::sort(arrays.begin(), arrays.end());
    for (std::size_t i = 1; i < arrays.size(); ++i) {
        if (arrays[i].first < arrays[i - 1].second) {
            return tl::make_unexpected(
                bad_descriptor(origin, "two classes share interface records (each class's must be its own)"));
        }
    }
    return {};
}

// The header as far as the writer's version has it: a 1.0 header (40 bytes) leaves the
// fields 1.1 and 1.2 appended zero. The caller checked that the blob holds the 1.0 header.
ucom_descriptor_header read_header(gsl::span<const std::byte> blob)
{
    ucom_descriptor_header header{};
    const auto written = read_at<std::uint32_t>(blob, offsetof(ucom_descriptor_header, header_size));
    const std::size_t known = std::min<std::size_t>({written.value_or(0), sizeof header, blob.size()});
    std::memcpy(&header, blob.data(), std::max<std::size_t>(known, UCOM_DESCRIPTOR_HEADER_SIZE_1_0));
    return header;
}

// One blob: its header checked (size first, then magic and major), then its records.
result<std::size_t> parse_blob(gsl::span<const std::byte> rest, module_info &info, const std::string &origin)
{
    auto size = read_at<std::uint32_t>(rest, 0, sizeof(std::uint32_t));
    if (!size || *size < UCOM_DESCRIPTOR_HEADER_SIZE_1_0 || *size > rest.size()) {
        return tl::make_unexpected(
            bad_descriptor(origin, fmt::format("the module descriptor is truncated: a blob of {} bytes where {} remain",
                                               size ? *size : 0U, rest.size())));
    }
    auto blob = rest.first(*size);
    auto header = read_header(blob);
    if (header.magic != UCOM_DESCRIPTOR_MAGIC) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor has a wrong magic number"));
    }
    if (header.abi_major != UCOM_DESCRIPTOR_ABI_MAJOR) {
        return tl::make_unexpected(
            bad_descriptor(origin, fmt::format("the module descriptor is ABI {}.{}; this ucom reads {}.x",
                                               header.abi_major, header.abi_minor, UCOM_DESCRIPTOR_ABI_MAJOR)));
    }
    if (header.header_size < UCOM_DESCRIPTOR_HEADER_SIZE_1_0 || header.header_size > blob.size() ||
        header.class_size < sizeof(ucom_descriptor_class) ||
        header.interface_size < UCOM_DESCRIPTOR_INTERFACE_SIZE_1_0) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor's records are too small"));
    }
    if (header.strings_offset > blob.size() || blob.size() - header.strings_offset < header.strings_size) {
        return tl::make_unexpected(bad_descriptor(origin, "the module descriptor's string table lies outside it"));
    }
    auto strings = blob.subspan(header.strings_offset, header.strings_size);
    if (auto bounded = check_record_bounds(blob, header, origin); !bounded) {
        return tl::make_unexpected(bounded.error());
    }
    info.abi_major = header.abi_major;
    info.abi_minor = std::max(info.abi_minor, header.abi_minor);
    for (std::uint32_t i = 0; i < header.class_count; ++i) {
        auto entry = parse_class(blob, header, i, strings, origin);
        if (!entry) {
            return tl::make_unexpected(entry.error());
        }
        info.classes.push_back(std::move(*entry));
    }
    if (header.abi_minor >= 1) {
        info.records_uses = true;
        auto used = parse_interfaces(blob, header, header.uses_offset, header.uses_count, strings, origin);
        if (!used) {
            return tl::make_unexpected(used.error());
        }
        info.uses.insert(info.uses.end(), used->begin(), used->end());
    }
    return std::size_t{*size};
}

// The ELF class, byte order and machine of this process: a module of another cannot load.
#if defined(__x86_64__)
constexpr int host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr int host_machine = EM_AARCH64;
#elif defined(__i386__)
constexpr int host_machine = EM_386;
#elif defined(__arm__)
constexpr int host_machine = EM_ARM;
#elif defined(__riscv)
constexpr int host_machine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr int host_machine = EM_PPC64;
#elif defined(__s390x__)
constexpr int host_machine = EM_S390;
#else
#error "ucom: add this machine's EM_ constant"
#endif
constexpr int host_class = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr int host_data = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

result<void> check_identity(Elf *elf, const std::string &origin, file_kind kind)
{
    GElf_Ehdr header;
    if (gelf_getehdr(elf, &header) == nullptr) {
        return tl::make_unexpected(bad_descriptor(origin, "the ELF header cannot be read"));
    }
    if (header.e_ident[EI_CLASS] != host_class || header.e_ident[EI_DATA] != host_data ||
        header.e_machine != host_machine) {
        return tl::make_unexpected(bad_descriptor(
            origin, fmt::format("an ELF file for another machine (class {}, byte order {}, machine {}; this process is "
                                "class {}, byte order {}, machine {})",
                                header.e_ident[EI_CLASS], header.e_ident[EI_DATA], header.e_machine, host_class,
                                host_data, host_machine)));
    }
    if (kind == file_kind::program && header.e_type == ET_EXEC) {
        return {}; // a program linked at a fixed address
    }
    if (header.e_type != ET_DYN) {
        return tl::make_unexpected(bad_descriptor(origin, "not a shared object (ELF type is not ET_DYN)"));
    }
    return {};
}

void read_dynamic_section(Elf *elf, Elf_Scn *section, const GElf_Shdr &header, dynamic_section &into)
{
    Elf_Data *entries = elf_getdata(section, nullptr);
    const std::size_t count = header.sh_entsize != 0 ? header.sh_size / header.sh_entsize : 0;
    for (std::size_t i = 0; entries != nullptr && i < count; ++i) {
        GElf_Dyn entry;
        if (gelf_getdyn(entries, static_cast<int>(i), &entry) == nullptr || entry.d_tag == DT_NULL) {
            break;
        }
        const auto text = [&] { return elf_strptr(elf, header.sh_link, entry.d_un.d_val); };
        switch (entry.d_tag) {
        case DT_NEEDED:
            if (const char *name = text(); name != nullptr) {
                into.needed.emplace_back(name);
            }
            break;
        case DT_RPATH:
            into.rpath = split_search_path(text());
            break;
        case DT_RUNPATH:
            into.runpath = split_search_path(text());
            break;
        case DT_FLAGS_1:
            into.no_default_folders = (entry.d_un.d_val & DF_1_NODEFLIB) != 0;
            break;
        default:
            break;
        }
    }
}

struct elf_closer {
    void operator()(Elf *elf) const noexcept { elf_end(elf); }
};

using elf_handle = std::unique_ptr<Elf, elf_closer>;

// An ELF shared object (or for file_kind::program, also an executable) of this process's
// class, byte order and machine, or an error.
result<elf_handle> open_elf(int fd, const std::string &origin, file_kind kind = file_kind::plugin)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        return tl::make_unexpected(error(E_FAIL, "libelf is out of date", "ucom"));
    }
    elf_handle elf(elf_begin(fd, ELF_C_READ, nullptr));
    if (!elf || elf_kind(elf.get()) != ELF_K_ELF) {
        return tl::make_unexpected(bad_descriptor(origin, "not an ELF file (a plugin is a shared library)"));
    }
    if (auto identity = check_identity(elf.get(), origin, kind); !identity) {
        return tl::make_unexpected(identity.error());
    }
    return elf;
}

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

result<module_info> read_module_file(const std::filesystem::path &file, file_kind kind)
{
    const auto origin = file.string();
    // Non-blocking: a FIFO must not hang the reader; it is refused below as not regular.
    int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return tl::make_unexpected(
            error(CO_E_DLLNOTFOUND, fmt::format("cannot open '{}': {}", origin, std::strerror(errno)), "ucom"));
    }
    auto close_fd = gsl::finally([fd] { ::close(fd); });
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        return tl::make_unexpected(bad_descriptor(origin, "not a regular file (a plugin is a shared library)"));
    }
    return read_module_descriptor(fd, origin, entry_points::find, kind);
}

result<module_info> read_module_descriptor(int fd, const std::string &origin, entry_points wanted, file_kind kind)
{
    auto elf = open_elf(fd, origin, kind);
    if (!elf) {
        return tl::make_unexpected(elf.error());
    }
    std::size_t names_index = 0;
    if (elf_getshdrstrndx(elf->get(), &names_index) != 0) {
        return tl::make_unexpected(bad_descriptor(origin, "the ELF file has no section names"));
    }
    Elf_Data *descriptor = nullptr;
    dynamic_section dynamic;
    bool defines_get_class_object = false;
    bool defines_can_unload_now = false;
    for (Elf_Scn *section = elf_nextscn(elf->get(), nullptr); section != nullptr;
         section = elf_nextscn(elf->get(), section)) {
        GElf_Shdr header;
        if (gelf_getshdr(section, &header) == nullptr) {
            continue;
        }
        if (header.sh_type == SHT_DYNAMIC) {
            read_dynamic_section(elf->get(), section, header, dynamic);
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
                const char *name = elf_strptr(elf->get(), header.sh_link, symbol.st_name);
                defines_get_class_object =
                    defines_get_class_object || (name != nullptr && std::strcmp(name, "DllGetClassObject") == 0);
                defines_can_unload_now =
                    defines_can_unload_now || (name != nullptr && std::strcmp(name, "DllCanUnloadNow") == 0);
            }
            continue;
        }
        const char *name = elf_strptr(elf->get(), names_index, header.sh_name);
        if (name == nullptr || std::strcmp(name, UCOM_DESCRIPTOR_SECTION) != 0) {
            continue;
        }
        if (header.sh_size > max_descriptor_section_size) {
            return tl::make_unexpected(bad_descriptor(
                origin, fmt::format("the ucom_descriptor section is {} bytes, more than the limit of {}", header.sh_size,
                                    max_descriptor_section_size)));
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
        info->dynamic = std::move(dynamic);
    }
    return info;
}

std::vector<std::string> split_search_path(const char *list)
{
    std::vector<std::string> folders;
    for (std::string_view rest = list != nullptr ? list : ""; !rest.empty();) {
        const auto colon = rest.find(':');
        folders.emplace_back(rest.substr(0, colon));
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
    return folders;
}

result<dynamic_section> read_dynamic(int fd, const std::string &origin)
{
    auto elf = open_elf(fd, origin);
    if (!elf) {
        return tl::make_unexpected(elf.error());
    }
    dynamic_section dynamic;
    for (Elf_Scn *section = elf_nextscn(elf->get(), nullptr); section != nullptr;
         section = elf_nextscn(elf->get(), section)) {
        GElf_Shdr header;
        if (gelf_getshdr(section, &header) != nullptr && header.sh_type == SHT_DYNAMIC) {
            read_dynamic_section(elf->get(), section, header, dynamic);
        }
    }
    return dynamic;
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

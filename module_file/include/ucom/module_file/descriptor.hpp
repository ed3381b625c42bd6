// Reads what a plugin declares from its module descriptor (runtime/include/ucom/
// module_descriptor.h) without loading it: from the file with libelf, or from a section's
// bytes. Used by the host tool, registration and the loader. Internal to
// ucom (a static library), so it may use C++ types across its interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gsl/span>
#include <gsl/util>

#include <ucom/error.hpp>
#include <ucom/guid.hpp>

namespace ucom::descriptor {

// The layout version of the contract fingerprints this reader compares (docs/idl.md).
inline constexpr std::uint32_t contract_layout_version = 2;

struct interface_entry {
    guid iid;
    std::string name;
    std::uint64_t fingerprint = 0; // layout 1: the binary
    std::uint32_t flags = 0;       // UCOM_INTERFACE_*
    // Layout contract_layout_version: the binary and the contract; 0 when the descriptor
    // predates 1.2 (or has a contract of another version), so only the binary is known.
    std::uint64_t contract = 0;
};

struct class_entry {
    guid clsid;
    std::string name;
    std::string progid;
    std::string vi_progid;
    std::string description;
    std::uint32_t threading = 0; // UCOM_THREADING_*
    std::vector<interface_entry> interfaces;
};

// What the dynamic loader will pull in with the module: from its dynamic section.
struct dynamic_section {
    std::vector<std::string> needed;  // DT_NEEDED, in order
    std::vector<std::string> rpath;   // DT_RPATH, split at ':'
    std::vector<std::string> runpath; // DT_RUNPATH, split at ':' (when present, DT_RPATH is ignored)
    bool no_default_folders = false;  // DF_1_NODEFLIB: no ld.so.cache, no system folders
};

struct module_info {
    std::uint16_t abi_major = 0;
    std::uint16_t abi_minor = 0;
    std::vector<class_entry> classes; // of every blob, in section order
    // The interfaces of other components the module calls, with the fingerprints it was
    // built against (descriptor 1.1), of every blob; and whether any blob records them
    // (false: built before 1.1, so what it calls is unknown).
    std::vector<interface_entry> uses;
    bool records_uses = false;
    // From the file's dynamic symbol table, when read with entry_points::find (false
    // otherwise, and from parse_section): the entry points the module defines itself.
    bool defines_get_class_object = false;
    bool defines_can_unload_now = false;
    dynamic_section dynamic; // from the file; empty from parse_section
};

// Limits on what a reader accepts (docs/abi.md, "Limits"): far above any real module, so
// that a hostile file costs bounded time and memory.
inline constexpr std::size_t max_descriptor_section_size = std::size_t{64} << 20;

// The blobs of a ucom_descriptor section. `origin` names where the bytes came from in errors.
result<module_info> parse_section(gsl::span<const std::byte> bytes, const std::string &origin);
// What a file is read as: a plugin must be a shared object; a host program (`ucom verify
// --host`) may also be an executable linked at a fixed address.
enum class file_kind { plugin, program };

// Opens `file` as an ELF file and parses its ucom_descriptor section; runs none of its code.
// Refused: not ELF, another ELF class, byte order or machine than this process's, not a
// shared object (for a plugin).
result<module_info> read_module_file(const std::filesystem::path &file, file_kind kind = file_kind::plugin);
// Whether a reader also looks for the entry points in the dynamic symbols (registration
// does; the loader takes them from the loaded module instead).
enum class entry_points { find, skip };

// The same from a file already open for reading (read with pread: the offset is left as it is).
result<module_info> read_module_descriptor(int fd, const std::string &origin,
                                           entry_points wanted = entry_points::find,
                                           file_kind kind = file_kind::plugin);

// The dynamic section of a shared object of this process's ELF class and machine (refused
// otherwise), from a file open for reading.
result<dynamic_section> read_dynamic(int fd, const std::string &origin);

// A ':'-separated folder list (DT_RUNPATH, LD_LIBRARY_PATH) as its folders, empty ones kept.
std::vector<std::string> split_search_path(const char *list);

// "apartment", "free", … or "unspecified".
std::string_view threading_name(std::uint32_t threading);

} // namespace ucom::descriptor

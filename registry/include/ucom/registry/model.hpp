// What one registry file holds: the modules, the classes they serve and the interfaces
// they implement. Plain values; parsing and writing live in toml_file.hpp, layered lookup
// in catalog.hpp, locked writes in store.hpp. docs/registry.md is the format.
//
// The registry library sits below the runtime: it uses the runtime's header-only value
// types (guid, error) but never calls into libucom, and it never loads a module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <ucom/guid.hpp>

namespace ucom::registry {

// The current format; a file of another format is refused rather than misread.
inline constexpr std::int64_t format_version = 1;

// An interface a module implements, with the layout fingerprints its descriptor declares:
// layout 1 (the binary) always, the contract (layout 2) when the descriptor is 1.2 or later,
// else 0.
struct module_interface {
    guid iid;
    std::uint64_t fingerprint = 0;
    std::uint64_t contract = 0;
};

struct module_record {
    std::string path; // as written: relative paths are relative to the registry file's folder
    std::uint16_t abi_major = 0;
    std::uint16_t abi_minor = 0;
    std::vector<module_interface> interfaces;
};

struct class_record {
    guid clsid;
    std::string progid;    // "Vendor.Thing.1", may be empty
    std::string vi_progid; // "Vendor.Thing", may be empty
    std::string name;      // the coclass name
    std::string description;
    std::string module;    // a module_record's path, exactly as written there
    std::string threading; // the declared model: "free", "both", "apartment", … or "unspecified"
    std::vector<guid> interfaces;
};

// How messages, lists and traces name a class: its ProgID, else its CLSID.
std::string short_name(const class_record &c);

struct interface_record {
    guid iid;
    std::string name;
    std::uint64_t fingerprint = 0;
    std::string description;    // path of ucom-idl's JSON description, when known
    std::uint64_t contract = 0; // 0: no registered module gives the contract
};

struct registry_file {
    std::vector<module_record> modules;
    std::vector<class_record> classes;
    std::vector<interface_record> interfaces;

    const module_record *find_module(std::string_view path) const;
    const class_record *find_class(const guid &clsid) const;
    const interface_record *find_interface(const guid &iid) const;
};

// A ProgID: a letter, then letters, digits, '.', '_' or '-'. The reader refuses others, so
// registration must not write them.
bool is_progid(std::string_view text);

// Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF): TOML
// text is UTF-8, so registration refuses anything else rather than write a file that would
// read back different, or not at all.
bool is_utf8(std::string_view text);

// Whether a class name is meant as a CLSID (braced, or bare with its dashes in place) rather
// than a ProgID; it may still be a malformed one.
bool looks_like_clsid(std::string_view text);

// The absolute path of the file the kernel opens for `file`. The kernel resolves `..` after
// following the symlink before it, so `link/../p.so` may be another file than the text
// says: the part up to the last `..` is resolved physically (realpath), the rest is kept as
// written, so that a symlink at the end (libfoo.so -> libfoo.so.1) stays as the user wrote
// it. Without `..`, or when the part cannot be resolved, the absolute path made lexically
// normal.
std::filesystem::path physical_path(const std::filesystem::path &file);

// The absolute path a module path written in `registry_path` stands for.
std::filesystem::path resolve_module_path(const std::filesystem::path &registry_path, std::string_view module_path);

// How `registry_path` writes `module_file` (absolute): relative when the module lies in
// the registry file's folder or below it, so that a build folder can move; else absolute.
std::string module_path_for(const std::filesystem::path &registry_path, const std::filesystem::path &module_file);

// "0x0123456789ABCDEF", the registry's spelling of a fingerprint.
std::string fingerprint_text(std::uint64_t fingerprint);

// What one side (a caller, a provider) knows of an interface's layout.
struct interface_layouts {
    std::uint64_t fingerprint = 0; // layout 1, the binary; 0: none (a dispinterface, or not given)
    std::uint64_t contract = 0;    // layout 2, the whole contract; 0: not recorded (built before it)
};
enum class layout_match { same, binary_differs, contract_differs };
// The binary is compared when both sides give it, the contract when both record one: a side
// built before contracts existed is checked for its binary only.
layout_match compare_layouts(const interface_layouts &a, const interface_layouts &b);
// How a message names what one side has of what `match` found different: "layout 0x…", or
// "contract 0x…" when only the contracts differ.
std::string layout_text(layout_match match, const interface_layouts &side);
// The last words of a message about a contract that differs: what that means.
inline constexpr std::string_view contract_differs_note =
    " (the same binary layout, but another size_is, length_is, string, iid_is, switch_is, pointer kind or union case)";

} // namespace ucom::registry

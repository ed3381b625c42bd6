// The binary registry index's on-disk layout (docs/registry.md, "The index"): plain structs
// of fixed-width fields, in the host's byte order, that index_writer.cpp writes and
// index_reader.cpp reads back with memcpy (never by casting the mapping). Private to the
// registry library.
#pragma once

#include <cstdint>
#include <type_traits>

namespace ucom::registry::index_format {

inline constexpr char magic[8] = {'u', 'c', 'o', 'm', 'i', 'd', 'x', '\0'};
// 2: the interface entries carry the contract fingerprint. A host bypasses an index of
// another version (it parses the TOML file) until the next write replaces it.
inline constexpr std::uint32_t version = 2;
// Read back as another value by a host of the other byte order: the file is then refused.
inline constexpr std::uint32_t byte_order_mark = 0x01020304;
// Every section starts at a multiple of this.
inline constexpr std::uint64_t alignment = 8;

// Bytes in the string section: `offset` is where the text starts, `size` its length; the
// byte at offset + size is a NUL. {0, 0} is the empty string (the section starts with a NUL).
struct string_ref {
    std::uint32_t offset;
    std::uint32_t size;
};

// A table: `count` entries of one type from `offset` bytes into the file.
struct section {
    std::uint64_t offset;
    std::uint64_t count;
};

// What the TOML file was when the index was written from it; the reader compares it with
// the TOML file's status now. ctime covers a hand edit that puts the old mtime back (only the
// kernel sets ctime). content_hash is FNV-1a 64 of the TOML text, compared by `ucom verify`.
struct toml_identity {
    std::uint64_t device;
    std::uint64_t inode;
    std::uint64_t size;
    std::int64_t mtime_seconds;
    std::int64_t mtime_nanoseconds;
    std::int64_t ctime_seconds;
    std::int64_t ctime_nanoseconds;
    std::uint64_t content_hash;
};

struct header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t byte_order;
    std::uint64_t header_size; // sizeof(header)
    std::uint64_t file_size;   // the whole index, header included
    toml_identity toml;
    section modules;           // module_entry, in the TOML's module order
    section classes;           // class_entry, sorted by CLSID (guid's operator<)
    section progids;           // name_entry -> class, sorted by name (bytes)
    section interfaces;        // interface_entry, sorted by IID
    section interface_names;   // name_entry -> interface, sorted by name, then IID
    section module_interfaces; // module_interface_entry, the modules' lists one after another
    section class_interfaces;  // 16-byte IIDs, the classes' lists one after another
    section strings;           // bytes; starts and ends with a NUL
};

struct module_entry {
    string_ref path;
    std::uint16_t abi_major;
    std::uint16_t abi_minor;
    std::uint32_t first_interface; // into module_interfaces
    std::uint32_t interface_count;
    std::uint32_t reserved;
};

struct guid_bytes {
    unsigned char bytes[16]; // the GUID as it lies in memory (the ABI's layout)
};

struct class_entry {
    guid_bytes clsid;
    string_ref progid;
    string_ref vi_progid;
    string_ref name;
    string_ref description;
    string_ref threading;
    std::uint32_t module; // into modules
    std::uint32_t first_interface; // into class_interfaces
    std::uint32_t interface_count;
    std::uint32_t reserved;
};

struct name_entry {
    string_ref name;
    std::uint32_t target; // a class or an interface, by its place in its table
    std::uint32_t reserved;
};

struct interface_entry {
    guid_bytes iid;
    std::uint64_t fingerprint;
    string_ref name;
    string_ref description;
    std::uint64_t contract;
};

struct module_interface_entry {
    guid_bytes iid;
    std::uint64_t fingerprint;
    std::uint64_t contract;
};

static_assert(sizeof(header) == 224 && sizeof(module_entry) == 24 && sizeof(class_entry) == 72 &&
              sizeof(name_entry) == 16 && sizeof(interface_entry) == 48 && sizeof(module_interface_entry) == 32);
static_assert(std::is_trivially_copyable_v<header> && std::is_trivially_copyable_v<class_entry>);

} // namespace ucom::registry::index_format

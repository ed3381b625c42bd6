// The layered view a process activates through: the registry files in lookup order
// (docs/registry.md), merged so that the first layer that registers a CLSID or a ProgID
// wins. Opened for everything, it parses every file and lookups are hash lookups; opened for
// lookups, it answers from the binary index beside each file when every file has a current
// one (binary searches; a class is built when a lookup first reaches it), else it parses as
// before. Its contents never change once opened, so any number of threads may read it
// without a lock (reaching a class for the first time takes an internal one).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

namespace ucom::registry {

enum class layer_kind {
    command_line, // --registry FILE
    environment,  // UCOM_REGISTRY
    user,         // $XDG_CONFIG_HOME/ucom/registry.toml
    system,       // /etc/ucom/registry.toml
};

std::string_view layer_kind_name(layer_kind kind);

struct layer {
    std::filesystem::path path;
    layer_kind kind = layer_kind::system;
};

// Where to look, in order. `explicit_files` (from --registry) replace every other layer.
// Else UCOM_REGISTRY (':'-separated) replaces them; else the per-user file, then the system
// file. A process running as root (effective uid 0) ignores UCOM_REGISTRY and the per-user
// file, so that an unprivileged user's files never decide what root loads.
std::vector<layer> lookup_layers(const std::vector<std::filesystem::path> &explicit_files = {});

// The file that commands that change the registry write: the first of lookup_layers.
layer writable_layer(const std::vector<std::filesystem::path> &explicit_files = {});

// A class as the catalog resolved it: its record, its module, and the layer it came from.
struct resolved_class {
    const class_record *record = nullptr;
    const module_record *module = nullptr;
    std::filesystem::path module_file; // absolute, resolved against the layer's folder
    const layer *from = nullptr;
    const registry_file *file = nullptr; // the layer's file, which registers it (through an
                                         // index: the part of it that concerns this class)
    std::size_t ordinal = 0;             // the class's own number in its catalog, below ordinal_count()
};

class indexed_catalog;

enum class catalog_use {
    everything, // every class is listed: classes(), files() (`ucom list`, `verify`)
    lookups,    // only find, resolve and find_interface (a host's activation)
};

class catalog {
public:
    // Loads every layer; a malformed layer fails the whole open with its location. Missing
    // files are empty layers. For `catalog_use::lookups`, the layers' indexes replace the
    // parse when they all can (see above); an index entry found damaged by a lookup then
    // fails that lookup (resolve's error says so) rather than being misread.
    static result<catalog> open(std::vector<layer> layers, catalog_use use = catalog_use::everything);
    // A catalog over files already loaded (tests, benchmarks).
    static catalog from_files(std::vector<layer> layers, std::vector<registry_file> files);

    const resolved_class *find(const guid &clsid) const;
    // A ProgID or version-independent ProgID; exact, case-sensitive.
    const resolved_class *find(std::string_view progid) const;
    // A CLSID in registry form or a ProgID; CO_E_CLASSSTRING/REGDB_E_CLASSNOTREG naming it.
    result<const resolved_class *> resolve(std::string_view clsid_or_progid) const;

    const interface_record *find_interface(const guid &iid) const;
    const interface_record *find_interface(std::string_view name) const;

    const std::vector<layer> &layers() const { return *layers_; }
    // Whether lookups go through the indexes; files() and classes() are then unavailable.
    bool indexed() const { return indexed_ != nullptr; }
    // Expects !indexed().
    const std::vector<registry_file> &files() const;
    // Every class in lookup order, shadowed ones left out. Expects !indexed().
    const std::vector<resolved_class> &classes() const;
    // One more than the largest resolved_class::ordinal (the size of a table by ordinal).
    std::size_t ordinal_count() const;

private:
    struct string_hash {
        using is_transparent = void;
        // Not noexcept on purpose: libstdc++ then caches each key's hash in its node, so a
        // lookup compares hashes instead of rehashing the ProgIDs along a bucket's chain.
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    using name_index = std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>>;

    void index();

    // Behind pointers so that the records the indexes point into never move.
    std::shared_ptr<std::vector<layer>> layers_;
    std::shared_ptr<std::vector<registry_file>> files_;
    std::shared_ptr<std::vector<resolved_class>> classes_;
    std::unordered_map<guid, std::size_t> by_clsid_;
    name_index by_progid_;
    std::unordered_map<guid, const interface_record *> interfaces_by_iid_;
    name_index interfaces_by_name_;
    std::vector<const interface_record *> interface_list_;
    std::shared_ptr<const indexed_catalog> indexed_; // set: lookups go through the indexes
};

} // namespace ucom::registry

// The catalog's lookups answered from the layers' binary indexes (registry_index.hpp)
// instead of the parsed TOML files: opening maps one index per layer, and a class becomes a
// resolved_class only when a lookup first reaches it. Private to the registry library.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include <ucom/error.hpp>
#include <ucom/registry/catalog.hpp>

#include "registry_index.hpp"

namespace ucom::registry {

class indexed_catalog {
public:
    // Over `layers` when every layer's file is missing (an empty layer) or has a current
    // index that maps; else null, and the caller parses the TOML files as before (which also
    // reports what is wrong with them).
    static std::shared_ptr<indexed_catalog> open(std::shared_ptr<const std::vector<layer>> layers);

    indexed_catalog(const indexed_catalog &) = delete;
    indexed_catalog &operator=(const indexed_catalog &) = delete;

    // As catalog's lookups; null when absent, an error when an index entry they reach is
    // damaged. Lock-free once the class was reached before; thread-safe always.
    result<const resolved_class *> find(const guid &clsid) const;
    result<const resolved_class *> find(std::string_view progid) const;
    result<const interface_record *> find_interface(const guid &iid) const;
    result<const interface_record *> find_interface(std::string_view name) const;

    // One more than the largest resolved_class::ordinal this catalog can hand out.
    std::size_t ordinal_count() const { return ordinal_count_; }

    // A place in one layer's index.
    struct hit {
        std::size_t layer;
        std::uint32_t place;
    };

private:
    struct layer_index {
        std::shared_ptr<const index::view> view; // null: the file does not exist
        std::size_t first_ordinal = 0;
        std::unique_ptr<std::atomic<const resolved_class *>[]> classes;      // by place in the class table
        std::unique_ptr<std::atomic<const interface_record *>[]> interfaces; // by place in the interface table
    };
    struct reached_class {
        registry_file file; // the class, its module and the module's interfaces
        resolved_class resolved;
    };

    explicit indexed_catalog(std::shared_ptr<const std::vector<layer>> layers) : layers_(std::move(layers)) {}

    template <class Record, class Make>
    result<const Record *> reach(std::atomic<const Record *> &slot, Make make) const;
    result<const resolved_class *> class_at(std::size_t which, std::uint32_t place) const;
    result<const interface_record *> interface_at(std::size_t which, std::uint32_t place) const;
    // The first of the layers before `end` where `lookup(view)` finds a place.
    template <class Lookup>
    result<std::optional<hit>> first_layer_with(std::size_t end, Lookup lookup) const;
    // The first layer where find_name finds a name whose key (key_at) no earlier layer has
    // (find_key): a ProgID or interface name counts only for a record nothing shadows.
    template <class FindName, class KeyAt, class FindKey>
    result<std::optional<hit>> first_unshadowed(FindName find_name, KeyAt key_at, FindKey find_key) const;

    std::shared_ptr<const std::vector<layer>> layers_;
    std::vector<layer_index> indexes_;
    std::size_t ordinal_count_ = 0;
    mutable std::mutex reaching_; // guards the two lists below and the first store of each slot
    mutable std::vector<std::unique_ptr<reached_class>> reached_classes_;
    mutable std::vector<std::unique_ptr<interface_record>> reached_interfaces_;
};

} // namespace ucom::registry

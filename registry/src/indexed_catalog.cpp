// Lookups through the layers' indexes, with the parsed catalog's rules: layers in lookup
// order, the first layer that registers a CLSID wins, and a ProgID or interface name counts
// only for a class or interface no earlier layer shadows.
#include "indexed_catalog.hpp"

#include <utility>

#include "root_file_policy.hpp"

namespace ucom::registry {

namespace {

template <class T>
std::unique_ptr<std::atomic<const T *>[]> empty_slots(std::size_t count)
{
    return std::make_unique<std::atomic<const T *>[]>(count); // value-initialized: all null
}

} // namespace

std::shared_ptr<indexed_catalog> indexed_catalog::open(std::shared_ptr<const std::vector<layer>> layers)
{
    std::shared_ptr<indexed_catalog> opened(new indexed_catalog(std::move(layers)));
    for (const layer &l : *opened->layers_) {
        const auto file = index::status_of(l.path);
        // A root process reads the index only of a file it may read (the parse path reports
        // a refusal).
        if (!file || (file->exists && root_policy::applies() && !root_policy::check_file(l.path, file->status))) {
            return nullptr;
        }
        layer_index index;
        index.first_ordinal = opened->ordinal_count_;
        if (file->exists) {
            auto view = index::view::open(file->real, file->status);
            if (!view) {
                return nullptr;
            }
            index.view = std::move(*view);
            index.classes = empty_slots<resolved_class>(index.view->class_count());
            index.interfaces = empty_slots<interface_record>(index.view->interface_count());
            opened->ordinal_count_ += index.view->class_count();
        }
        opened->indexes_.push_back(std::move(index));
    }
    return opened;
}

// The record in `slot`, made by `make` (under the lock) when no lookup reached it before.
template <class Record, class Make>
result<const Record *> indexed_catalog::reach(std::atomic<const Record *> &slot, Make make) const
{
    if (const Record *reached = slot.load(std::memory_order_acquire)) {
        return reached;
    }
    const std::lock_guard lock(reaching_);
    if (const Record *reached = slot.load(std::memory_order_relaxed)) {
        return reached;
    }
    result<const Record *> made = make();
    if (made) {
        slot.store(*made, std::memory_order_release);
    }
    return made;
}

result<const resolved_class *> indexed_catalog::class_at(std::size_t which, std::uint32_t place) const
{
    const layer_index &index = indexes_[which];
    return reach(index.classes[place], [&]() -> result<const resolved_class *> {
        auto file = index.view->class_file(place);
        if (!file) {
            return tl::make_unexpected(file.error());
        }
        auto entry = std::make_unique<reached_class>();
        entry->file = std::move(*file);
        const layer &from = (*layers_)[which];
        entry->resolved = {&entry->file.classes.front(), &entry->file.modules.front(),
                           resolve_module_path(from.path, entry->file.modules.front().path), &from, &entry->file,
                           index.first_ordinal + place};
        reached_classes_.push_back(std::move(entry));
        return &reached_classes_.back()->resolved;
    });
}

result<const interface_record *> indexed_catalog::interface_at(std::size_t which, std::uint32_t place) const
{
    const layer_index &index = indexes_[which];
    return reach(index.interfaces[place], [&]() -> result<const interface_record *> {
        auto record = index.view->interface_at(place);
        if (!record) {
            return tl::make_unexpected(record.error());
        }
        reached_interfaces_.push_back(std::make_unique<interface_record>(std::move(*record)));
        return reached_interfaces_.back().get();
    });
}

template <class Lookup>
result<std::optional<indexed_catalog::hit>> indexed_catalog::first_layer_with(std::size_t end, Lookup lookup) const
{
    for (std::size_t which = 0; which < end; ++which) {
        if (!indexes_[which].view) {
            continue; // an empty layer
        }
        auto place = lookup(*indexes_[which].view);
        if (!place) {
            return tl::make_unexpected(place.error());
        }
        if (*place) {
            return hit{which, **place};
        }
    }
    return std::nullopt;
}

template <class FindName, class KeyAt, class FindKey>
result<std::optional<indexed_catalog::hit>> indexed_catalog::first_unshadowed(FindName find_name, KeyAt key_at,
                                                                               FindKey find_key) const
{
    for (std::size_t which = 0; which < indexes_.size(); ++which) {
        const index::view *view = indexes_[which].view.get();
        if (view == nullptr) {
            continue;
        }
        auto place = find_name(*view);
        if (!place) {
            return tl::make_unexpected(place.error());
        }
        if (!*place) {
            continue;
        }
        const auto key = key_at(*view, **place);
        auto earlier = first_layer_with(which, [&](const index::view &v) { return find_key(v, key); });
        if (!earlier) {
            return tl::make_unexpected(earlier.error());
        }
        if (!*earlier) {
            return hit{which, **place};
        }
    }
    return std::nullopt;
}

namespace {

// The record at a lookup's hit: null for a miss, the error of a damaged entry.
template <class Record, class At>
result<const Record *> reached(const result<std::optional<indexed_catalog::hit>> &found, At at)
{
    if (!found) {
        return tl::make_unexpected(found.error());
    }
    return *found ? at(**found) : result<const Record *>(nullptr);
}

} // namespace

result<const resolved_class *> indexed_catalog::find(const guid &clsid) const
{
    const auto found =
        first_layer_with(indexes_.size(), [&](const index::view &v) { return v.find_class(clsid); });
    return reached<resolved_class>(found, [&](hit h) { return class_at(h.layer, h.place); });
}

result<const resolved_class *> indexed_catalog::find(std::string_view progid) const
{
    const auto found = first_unshadowed([&](const index::view &v) { return v.find_progid(progid); },
                                        [](const index::view &v, std::uint32_t place) { return v.clsid_at(place); },
                                        [](const index::view &v, const guid &clsid) { return v.find_class(clsid); });
    return reached<resolved_class>(found, [&](hit h) { return class_at(h.layer, h.place); });
}

result<const interface_record *> indexed_catalog::find_interface(const guid &iid) const
{
    const auto found =
        first_layer_with(indexes_.size(), [&](const index::view &v) { return v.find_interface(iid); });
    return reached<interface_record>(found, [&](hit h) { return interface_at(h.layer, h.place); });
}

result<const interface_record *> indexed_catalog::find_interface(std::string_view name) const
{
    const auto found = first_unshadowed([&](const index::view &v) { return v.find_interface(name); },
                                        [](const index::view &v, std::uint32_t place) { return v.iid_at(place); },
                                        [](const index::view &v, const guid &iid) { return v.find_interface(iid); });
    return reached<interface_record>(found, [&](hit h) { return interface_at(h.layer, h.place); });
}

} // namespace ucom::registry

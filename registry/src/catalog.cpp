#include <ucom/registry/catalog.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <gsl/assert>

#include <ucom/registry/store.hpp>

#include "indexed_catalog.hpp"

#ifndef UCOM_SYSTEM_REGISTRY
#define UCOM_SYSTEM_REGISTRY "/etc/ucom/registry.toml"
#endif

namespace ucom::registry {

std::string_view layer_kind_name(layer_kind kind)
{
    switch (kind) {
    case layer_kind::command_line:
        return "--registry";
    case layer_kind::environment:
        return "UCOM_REGISTRY";
    case layer_kind::user:
        return "user";
    case layer_kind::system:
        return "system";
    }
    return "unknown";
}

std::vector<layer> lookup_layers(const std::vector<std::filesystem::path> &explicit_files)
{
    std::vector<layer> layers;
    if (!explicit_files.empty()) {
        for (const auto &file : explicit_files) {
            layers.push_back({file, layer_kind::command_line});
        }
        return layers;
    }
    const bool root = ::geteuid() == 0;
    // secure_getenv: a setuid or setcap program ignores the environment as root does.
    if (const char *list = ::secure_getenv("UCOM_REGISTRY"); !root && list != nullptr && *list != '\0') {
        std::string_view rest = list;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const std::string_view part = rest.substr(0, colon);
            if (!part.empty()) {
                layers.push_back({std::filesystem::path(part), layer_kind::environment});
            }
            rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
        if (!layers.empty()) {
            return layers;
        }
    }
    if (!root) {
        const char *config = ::secure_getenv("XDG_CONFIG_HOME");
        const char *home = ::secure_getenv("HOME");
        // XDG: a relative XDG_CONFIG_HOME is invalid and ignored.
        if (config != nullptr && *config == '/') {
            layers.push_back({std::filesystem::path(config) / "ucom" / "registry.toml", layer_kind::user});
        } else if (home != nullptr && *home == '/') {
            layers.push_back({std::filesystem::path(home) / ".config" / "ucom" / "registry.toml", layer_kind::user});
        }
    }
    layers.push_back({UCOM_SYSTEM_REGISTRY, layer_kind::system});
    return layers;
}

namespace {

// When root looked up the default layers: what it skipped, for a "not registered" message
// (a user who set UCOM_REGISTRY and ran the tool with sudo otherwise sees only "searched
// /etc/ucom/registry.toml" and no reason).
std::string skipped_as_root(const std::vector<layer> &layers)
{
    // Root's default layers are the system file alone.
    const bool defaults = std::all_of(layers.begin(), layers.end(),
                                      [](const layer &l) { return l.kind == layer_kind::system; });
    if (!defaults || ::geteuid() != 0) {
        return {};
    }
    const char *variable = std::getenv("UCOM_REGISTRY"); // set or not: secure_getenv would hide it
    return fmt::format("; as root, {}the per-user registry file {} not read: only root may change what root loads",
                       variable != nullptr && *variable != '\0' ? "UCOM_REGISTRY and " : "",
                       variable != nullptr && *variable != '\0' ? "are" : "is");
}

} // namespace

layer writable_layer(const std::vector<std::filesystem::path> &explicit_files)
{
    return lookup_layers(explicit_files).front();
}

result<catalog> catalog::open(std::vector<layer> layers, catalog_use use)
{
    if (use == catalog_use::lookups) {
        auto shared = std::make_shared<std::vector<layer>>(std::move(layers));
        if (auto indexed = indexed_catalog::open(shared)) {
            catalog result;
            result.layers_ = std::move(shared);
            result.files_ = std::make_shared<std::vector<registry_file>>();
            result.classes_ = std::make_shared<std::vector<resolved_class>>();
            result.indexed_ = std::move(indexed);
            return result;
        }
        layers = std::move(*shared);
    }
    std::vector<registry_file> files;
    files.reserve(layers.size());
    for (const layer &l : layers) {
        auto file = load_registry(l.path);
        if (!file) {
            return tl::make_unexpected(file.error());
        }
        files.push_back(std::move(*file));
    }
    return from_files(std::move(layers), std::move(files));
}

catalog catalog::from_files(std::vector<layer> layers, std::vector<registry_file> files)
{
    catalog result;
    result.layers_ = std::make_shared<std::vector<layer>>(std::move(layers));
    result.files_ = std::make_shared<std::vector<registry_file>>(std::move(files));
    result.classes_ = std::make_shared<std::vector<resolved_class>>();
    result.index();
    return result;
}

void catalog::index()
{
    for (std::size_t i = 0; i < files_->size(); ++i) {
        const registry_file &file = (*files_)[i];
        const layer &from = (*layers_)[i];
        // Each module once: resolving a path may ask the file system, and classes outnumber modules.
        std::unordered_map<std::string_view, std::pair<const module_record *, std::filesystem::path>> modules;
        for (const module_record &m : file.modules) {
            modules.try_emplace(m.path, &m, resolve_module_path(from.path, m.path));
        }
        for (const class_record &c : file.classes) {
            if (by_clsid_.count(c.clsid) != 0) {
                continue; // an earlier layer registers this CLSID: it wins
            }
            by_clsid_.emplace(c.clsid, classes_->size());
            const auto module = modules.find(c.module);
            const std::size_t ordinal = classes_->size();
            if (module != modules.end()) {
                classes_->push_back({&c, module->second.first, module->second.second, &from, &file, ordinal});
            } else { // a file built by hand for a test: no such module
                classes_->push_back({&c, nullptr, resolve_module_path(from.path, c.module), &from, &file, ordinal});
            }
        }
        for (const interface_record &iface : file.interfaces) {
            if (interfaces_by_iid_.emplace(iface.iid, &iface).second) {
                interfaces_by_name_.emplace(iface.name, interface_list_.size());
                interface_list_.push_back(&iface);
            }
        }
    }
    // ProgIDs after every CLSID is placed, in the same order: the first layer's name wins.
    for (std::size_t index = 0; index < classes_->size(); ++index) {
        const class_record &c = *(*classes_)[index].record;
        for (const std::string *progid : {&c.progid, &c.vi_progid}) {
            if (!progid->empty()) {
                by_progid_.emplace(*progid, index);
            }
        }
    }
}

const std::vector<registry_file> &catalog::files() const
{
    Expects(!indexed());
    return *files_;
}

const std::vector<resolved_class> &catalog::classes() const
{
    Expects(!indexed());
    return *classes_;
}

std::size_t catalog::ordinal_count() const { return indexed() ? indexed_->ordinal_count() : classes_->size(); }

const resolved_class *catalog::find(const guid &clsid) const
{
    if (indexed()) {
        const auto found = indexed_->find(clsid);
        return found ? *found : nullptr;
    }
    const auto found = by_clsid_.find(clsid);
    return found != by_clsid_.end() ? &(*classes_)[found->second] : nullptr;
}

const resolved_class *catalog::find(std::string_view progid) const
{
    if (indexed()) {
        const auto found = indexed_->find(progid);
        return found ? *found : nullptr;
    }
    const auto found = by_progid_.find(progid);
    return found != by_progid_.end() ? &(*classes_)[found->second] : nullptr;
}

result<const resolved_class *> catalog::resolve(std::string_view clsid_or_progid) const
{
    result<const resolved_class *> found = nullptr;
    if (looks_like_clsid(clsid_or_progid)) {
        auto clsid = guid::parse(clsid_or_progid);
        if (!clsid) {
            return tl::make_unexpected(error(CO_E_CLASSSTRING, clsid.error().message(), std::string(clsid_or_progid)));
        }
        found = indexed() ? indexed_->find(*clsid) : find(*clsid);
    } else {
        found = indexed() ? indexed_->find(clsid_or_progid) : find(clsid_or_progid);
    }
    if (!found) {
        return found; // a damaged index entry
    }
    if (*found == nullptr) {
        std::string searched;
        for (const layer &l : *layers_) {
            searched += fmt::format("{}{} ({})", searched.empty() ? "" : ", ", l.path.string(), layer_kind_name(l.kind));
        }
        return tl::make_unexpected(error(REGDB_E_CLASSNOTREG,
                                         fmt::format("'{}' is not registered (searched {}{})", clsid_or_progid, searched,
                                                     skipped_as_root(*layers_)),
                                         std::string(clsid_or_progid)));
    }
    return found;
}

const interface_record *catalog::find_interface(const guid &iid) const
{
    if (indexed()) {
        const auto found = indexed_->find_interface(iid);
        return found ? *found : nullptr;
    }
    const auto found = interfaces_by_iid_.find(iid);
    return found != interfaces_by_iid_.end() ? found->second : nullptr;
}

const interface_record *catalog::find_interface(std::string_view name) const
{
    if (indexed()) {
        const auto found = indexed_->find_interface(name);
        return found ? *found : nullptr;
    }
    const auto found = interfaces_by_name_.find(name);
    return found != interfaces_by_name_.end() ? interface_list_[found->second] : nullptr;
}

} // namespace ucom::registry

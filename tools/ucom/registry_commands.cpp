// `ucom register`, `ucom unregister` and `ucom list`: registration reads each plugin's
// descriptor from its file (no plugin code runs) and changes the registry file under its
// lock, all plugins of one command in one atomic write.
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/format.hpp>
#include <ucom/module_file/dependencies.hpp>
#include <ucom/registry/registration.hpp>
#include <ucom/registry/store.hpp>

#include "commands.hpp"
#include "printable.hpp"
#include "registry_options.hpp"

namespace ucom::tool {
namespace {

struct change_options : registry_options {
    std::vector<std::string> targets;
};

// Applies one edit per target in a single locked update: all of them or none.
template <class Edit>
int change_registry(std::string_view command, const change_options &options, Edit edit_one)
{
    const registry::layer target = registry::writable_layer(options.files);
    auto updated = registry::update_registry(target.path, [&](registry::registry_file &file) -> result<void> {
        for (const std::string &what : options.targets) {
            if (auto done = edit_one(file, target.path, what); !done) {
                return done;
            }
        }
        return {};
    });
    if (!updated) {
        report(command, updated.error());
        return exit_failure;
    }
    return exit_ok;
}

void print_list(const registry::catalog &catalog, bool json)
{
    if (json) {
        nlohmann::ordered_json classes = nlohmann::ordered_json::array();
        for (const auto &c : catalog.classes()) {
            classes.push_back({{"clsid", c.record->clsid.to_string()},
                               {"progid", c.record->progid},
                               {"vi_progid", c.record->vi_progid},
                               {"name", c.record->name},
                               {"module", c.module_file.string()},
                               {"threading", c.record->threading},
                               {"registry", c.from->path.string()},
                               {"layer", registry::layer_kind_name(c.from->kind)}});
        }
        fmt::print("{}\n", nlohmann::ordered_json{{"classes", std::move(classes)}}.dump(2));
        return;
    }
    if (catalog.classes().empty()) {
        std::string searched;
        for (const auto &l : catalog.layers()) {
            searched += fmt::format("\n  {} ({})", printable(l.path.string()), registry::layer_kind_name(l.kind));
        }
        fmt::print("no classes registered; searched:{}\n", searched);
        return;
    }
    // ProgIDs are checked when read, but a hand-built catalog may hold anything.
    std::vector<std::string> progids;
    std::size_t width = 6;
    for (const auto &c : catalog.classes()) {
        progids.push_back(c.record->progid.empty() ? "-" : printable(c.record->progid));
        width = std::max(width, progids.back().size());
    }
    fmt::print("{:<{}}  {:<38}  {}\n", "PROGID", width, "CLSID", "MODULE");
    for (std::size_t i = 0; i < catalog.classes().size(); ++i) {
        const auto &c = catalog.classes()[i];
        fmt::print("{:<{}}  {}  {}\n", progids[i], width, c.record->clsid, printable(c.module_file.string()));
    }
}

} // namespace

void add_register_command(CLI::App &app, int &exit_code)
{
    auto options = std::make_shared<change_options>();
    CLI::App *command = app.add_subcommand(
        "register", "Add plugins' classes to the registry, read from their descriptors (the plugins are not loaded)");
    command->add_option("plugin", options->targets, "Plugin files (.so) to register")->required()->type_name("PLUGIN");
    add_registry_option(*command, *options);
    command->callback([options, &exit_code] {
        // Read every descriptor before taking the lock: a bad plugin changes nothing.
        std::vector<descriptor::module_info> infos;
        for (const std::string &plugin : options->targets) {
            auto info = descriptor::read_module_file(plugin);
            if (info && !info->defines_get_class_object) {
                info = tl::make_unexpected(error(CO_E_ERRORINDLL,
                                                 fmt::format("{}: the module does not export DllGetClassObject, so "
                                                             "none of its classes could be activated",
                                                             plugin)));
            }
            if (!info) {
                report("register", info.error());
                exit_code = exit_failure;
                return;
            }
            // Registration is allowed, but say now what activation would refuse later.
            if (auto allowed = module_file::check_loadable(std::filesystem::absolute(plugin)); !allowed) {
                fmt::print(stderr, "ucom register: warning: {}: {}; the runtime will refuse to load it\n",
                           printable(plugin), printable(allowed.error().message()));
            }
            infos.push_back(std::move(*info));
        }
        exit_code = change_registry("register", *options,
                                    [&](registry::registry_file &file, const std::filesystem::path &registry_path,
                                        const std::string &plugin) {
                                        const auto index = static_cast<std::size_t>(&plugin - options->targets.data());
                                        return registry::register_module(file, registry_path, plugin, infos[index]);
                                    });
        if (exit_code == exit_ok) {
            for (std::size_t i = 0; i < infos.size(); ++i) {
                fmt::print("registered {} ({} class{}) in {}\n", printable(options->targets[i]), infos[i].classes.size(),
                           infos[i].classes.size() == 1 ? "" : "es",
                           printable(registry::writable_layer(options->files).path.string()));
            }
        }
    });
}

void add_unregister_command(CLI::App &app, int &exit_code)
{
    auto options = std::make_shared<change_options>();
    CLI::App *command = app.add_subcommand(
        "unregister", "Remove a plugin's classes (by its file) or one class (by CLSID or ProgID) from the registry");
    command->add_option("what", options->targets, "Plugin files, CLSIDs or ProgIDs")->required()->type_name("PLUGIN|CLSID|PROGID");
    add_registry_option(*command, *options);
    command->callback([options, &exit_code] {
        exit_code = change_registry("unregister", *options,
                                    [](registry::registry_file &file, const std::filesystem::path &registry_path,
                                       const std::string &what) { return registry::unregister(file, registry_path, what); });
        if (exit_code == exit_ok) {
            for (const std::string &what : options->targets) {
                fmt::print("unregistered {}\n", printable(what));
            }
        }
    });
}

void add_list_command(CLI::App &app, int &exit_code)
{
    auto options = std::make_shared<registry_options>();
    CLI::App *command = app.add_subcommand("list", "List the registered classes, from every registry layer");
    add_registry_option(*command, *options);
    add_json_flag(*command, *options);
    command->callback([options, &exit_code] {
        const auto catalog = open_catalog("list", *options);
        if (!catalog) {
            exit_code = exit_failure;
            return;
        }
        print_list(*catalog, options->json);
    });
}

} // namespace ucom::tool

// `ucom show CLSID|PROGID`: a registered class as the registry layers resolve it.
// `ucom show --file PLUGIN`: what a plugin declares (its classes, their ProgIDs and
// threading model, the interfaces each implements with fingerprints, the interfaces of other
// components it calls with the fingerprints it was built against), read from the file's
// module descriptor without loading it: no code of the plugin runs. A host program's record
// reads the same way.
#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/format.hpp>
#include <ucom/module_descriptor.h>

#include "commands.hpp"
#include <ucom/module_file/descriptor.hpp>
#include "printable.hpp"
#include "registry_options.hpp"

namespace ucom::tool {
namespace {

std::string interface_flags(std::uint32_t flags)
{
    std::string text;
    for (auto [bit, name] : {std::pair{UCOM_INTERFACE_DEFAULT, "default"}, std::pair{UCOM_INTERFACE_SOURCE, "source"},
                             std::pair{UCOM_INTERFACE_DISPATCH, "dispinterface"}}) {
        if ((flags & bit) != 0) {
            text += text.empty() ? " [" : ", ";
            text += name;
        }
    }
    return text.empty() ? text : text + "]";
}

// "fingerprint 0x… contract 0x…", without the contract when the module records none.
std::string layouts_text(std::uint64_t fingerprint, std::uint64_t contract)
{
    std::string text = "fingerprint " + registry::fingerprint_text(fingerprint);
    if (contract != 0) {
        text += " contract " + registry::fingerprint_text(contract);
    }
    return text;
}

// null when the module records no contract (built before descriptor 1.2, or a dispinterface).
nlohmann::ordered_json contract_json(std::uint64_t contract)
{
    return contract != 0 ? nlohmann::ordered_json(registry::fingerprint_text(contract)) : nlohmann::ordered_json();
}

void print_text(const std::string &file, const descriptor::module_info &info)
{
    fmt::print("{}: ucom module descriptor {}.{}, {} class{}\n", printable(file), info.abi_major, info.abi_minor,
               info.classes.size(), info.classes.size() == 1 ? "" : "es");
    for (const auto &c : info.classes) {
        fmt::print("\nclass {} {}\n", printable(c.name), c.clsid);
        if (!c.progid.empty()) {
            fmt::print("  progid:      {}\n", printable(c.progid));
        }
        if (!c.vi_progid.empty()) {
            fmt::print("  vi_progid:   {}\n", printable(c.vi_progid));
        }
        if (!c.description.empty()) {
            fmt::print("  description: {}\n", printable(c.description));
        }
        fmt::print("  threading:   {}\n", descriptor::threading_name(c.threading));
        for (const auto &i : c.interfaces) {
            fmt::print("  interface    {} {} {}{}\n", printable(i.name), i.iid, layouts_text(i.fingerprint, i.contract),
                       interface_flags(i.flags));
        }
    }
    if (!info.records_uses) {
        fmt::print("\nuses: not recorded (descriptor {}.{} predates the record; what it calls is not checked)\n",
                   info.abi_major, info.abi_minor);
        return;
    }
    if (info.uses.empty()) {
        fmt::print("\nuses no interfaces of other components\n");
        return;
    }
    fmt::print("\nuses {} interface{} of other components, built against these layouts:\n", info.uses.size(),
               info.uses.size() == 1 ? "" : "s");
    for (const auto &i : info.uses) {
        fmt::print("  interface    {} {} {}\n", printable(i.name), i.iid, layouts_text(i.fingerprint, i.contract));
    }
}

void print_json(const std::string &file, const descriptor::module_info &info)
{
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (const auto &c : info.classes) {
        nlohmann::ordered_json interfaces = nlohmann::ordered_json::array();
        for (const auto &i : c.interfaces) {
            interfaces.push_back({{"name", i.name},
                                  {"iid", i.iid.to_string()},
                                  {"fingerprint", registry::fingerprint_text(i.fingerprint)},
                                  {"contract", contract_json(i.contract)},
                                  {"default", (i.flags & UCOM_INTERFACE_DEFAULT) != 0},
                                  {"source", (i.flags & UCOM_INTERFACE_SOURCE) != 0},
                                  {"dispinterface", (i.flags & UCOM_INTERFACE_DISPATCH) != 0}});
        }
        classes.push_back({{"name", c.name},
                           {"clsid", c.clsid.to_string()},
                           {"progid", c.progid},
                           {"vi_progid", c.vi_progid},
                           {"description", c.description},
                           {"threading", descriptor::threading_name(c.threading)},
                           {"interfaces", std::move(interfaces)}});
    }
    // null when the descriptor predates the record (nothing is known of what it calls).
    nlohmann::ordered_json uses = nullptr;
    if (info.records_uses) {
        uses = nlohmann::ordered_json::array();
        for (const auto &i : info.uses) {
            uses.push_back({{"name", i.name},
                            {"iid", i.iid.to_string()},
                            {"fingerprint", registry::fingerprint_text(i.fingerprint)},
                            {"contract", contract_json(i.contract)}});
        }
    }
    nlohmann::ordered_json out = {{"file", file},
                                  {"abi", fmt::format("{}.{}", info.abi_major, info.abi_minor)},
                                  {"classes", std::move(classes)},
                                  {"uses", std::move(uses)}};
    fmt::print("{}\n", out.dump(2));
}

void print_registered(const registry::catalog &catalog, const registry::resolved_class &c, bool json)
{
    const registry::class_record &r = *c.record;
    if (json) {
        nlohmann::ordered_json interfaces = nlohmann::ordered_json::array();
        for (const guid &iid : r.interfaces) {
            const registry::interface_record *known = catalog.find_interface(iid);
            interfaces.push_back(
                {{"name", known != nullptr ? known->name : "?"},
                 {"iid", iid.to_string()},
                 {"fingerprint", known != nullptr ? registry::fingerprint_text(known->fingerprint) : "?"},
                 {"contract", contract_json(known != nullptr ? known->contract : 0)}});
        }
        const nlohmann::ordered_json out = {{"name", r.name},
                                            {"clsid", r.clsid.to_string()},
                                            {"progid", r.progid},
                                            {"vi_progid", r.vi_progid},
                                            {"description", r.description},
                                            {"threading", r.threading},
                                            {"module", c.module_file.string()},
                                            {"abi", c.module != nullptr ? fmt::format("{}.{}", c.module->abi_major,
                                                                                       c.module->abi_minor)
                                                                         : std::string()},
                                            {"registry", c.from->path.string()},
                                            {"layer", registry::layer_kind_name(c.from->kind)},
                                            {"interfaces", std::move(interfaces)}};
        fmt::print("{}\n", out.dump(2));
        return;
    }
    fmt::print("class {} {}\n", r.name.empty() ? "(unnamed)" : printable(r.name), r.clsid);
    for (auto [label, value] : {std::pair{"progid:     ", &r.progid}, std::pair{"vi_progid:  ", &r.vi_progid},
                                std::pair{"description:", &r.description}}) {
        if (!value->empty()) {
            fmt::print("  {} {}\n", label, printable(*value));
        }
    }
    fmt::print("  threading:   {}\n", r.threading);
    fmt::print("  module:      {}\n", printable(c.module_file.string()));
    fmt::print("  registry:    {} ({})\n", printable(c.from->path.string()), registry::layer_kind_name(c.from->kind));
    for (const guid &iid : r.interfaces) {
        const registry::interface_record *known = catalog.find_interface(iid);
        fmt::print("  interface    {} {} {}\n", printable(known != nullptr ? known->name : "?"), iid,
                   known != nullptr ? layouts_text(known->fingerprint, known->contract) : "fingerprint ?");
    }
}

} // namespace

void add_show_command(CLI::App &app, int &exit_code)
{
    struct show_options : registry_options {
        std::string file;
        std::string name;
    };
    auto options = std::make_shared<show_options>();
    CLI::App *show = app.add_subcommand(
        "show", "Show a registered class (by CLSID or ProgID), or what a plugin file declares (--file, not loaded)");
    auto *name = show->add_option("class", options->name, "The class: a CLSID or a ProgID")->type_name("CLSID|PROGID");
    show->add_option("--file", options->file, "Read this plugin (.so) instead; it is not loaded")
        ->type_name("PLUGIN")
        ->excludes(name);
    add_registry_option(*show, *options);
    add_json_flag(*show, *options);
    show->callback([options, &exit_code] {
        if (!options->file.empty()) {
            auto info = descriptor::read_module_file(options->file, descriptor::file_kind::program);
            if (!info) {
                report("show", info.error(), options->json);
                exit_code = exit_failure;
                return;
            }
            if (options->json) {
                print_json(options->file, *info);
            } else {
                print_text(options->file, *info);
            }
            return;
        }
        if (options->name.empty()) {
            throw CLI::ValidationError("ucom show", "needs a CLSID or ProgID, or --file PLUGIN");
        }
        const auto catalog = open_catalog("show", *options, registry::catalog_use::lookups);
        if (!catalog) {
            exit_code = exit_failure;
            return;
        }
        auto found = catalog->resolve(options->name);
        if (!found) {
            report("show", found.error(), options->json);
            exit_code = exit_failure;
            return;
        }
        print_registered(*catalog, **found, options->json);
    });
}

} // namespace ucom::tool

// `ucom show --file PLUGIN`: what a plugin declares (its classes, their ProgIDs and
// threading model, the interfaces each implements with fingerprints), read from the file's
// module descriptor without loading it: no code of the plugin runs.
#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/format.hpp>
#include <ucom/module_descriptor.h>

#include "commands.hpp"
#include "descriptor_reader.hpp"

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

void print_text(const std::string &file, const descriptor::module_info &info)
{
    fmt::print("{}: ucom module descriptor {}.{}, {} class{}\n", file, info.abi_major, info.abi_minor,
               info.classes.size(), info.classes.size() == 1 ? "" : "es");
    for (const auto &c : info.classes) {
        fmt::print("\nclass {} {}\n", c.name, c.clsid);
        if (!c.progid.empty()) {
            fmt::print("  progid:      {}\n", c.progid);
        }
        if (!c.vi_progid.empty()) {
            fmt::print("  vi_progid:   {}\n", c.vi_progid);
        }
        if (!c.description.empty()) {
            fmt::print("  description: {}\n", c.description);
        }
        fmt::print("  threading:   {}\n", descriptor::threading_name(c.threading));
        for (const auto &i : c.interfaces) {
            fmt::print("  interface    {} {} fingerprint {:016X}{}\n", i.name, i.iid, i.fingerprint,
                       interface_flags(i.flags));
        }
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
                                  {"fingerprint", fmt::format("{:016X}", i.fingerprint)},
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
    nlohmann::ordered_json out = {
        {"file", file}, {"abi", fmt::format("{}.{}", info.abi_major, info.abi_minor)}, {"classes", std::move(classes)}};
    fmt::print("{}\n", out.dump(2));
}

} // namespace

void add_show_command(CLI::App &app, int &exit_code)
{
    struct show_options {
        std::string file;
        bool json = false;
    };
    auto options = std::make_shared<show_options>();
    CLI::App *show = app.add_subcommand("show", "What a plugin declares, read from its file without loading it");
    show->add_option("--file", options->file, "The plugin (.so) to read")->required()->type_name("PLUGIN");
    show->add_flag("--json", options->json, "Print JSON instead of text");
    show->callback([options, &exit_code] {
        auto info = descriptor::read_module_file(options->file);
        if (!info) {
            fmt::print(stderr, "ucom show: error: {}\n", info.error().message());
            exit_code = exit_failure;
            return;
        }
        if (options->json) {
            print_json(options->file, *info);
        } else {
            print_text(options->file, *info);
        }
    });
}

} // namespace ucom::tool

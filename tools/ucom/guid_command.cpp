// `ucom guid new` makes GUIDs for interface and class authors; `ucom guid show` checks one
// and prints it in every form the IDL, C and the registry use.
#include <cstdint>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/format.hpp>
#include <ucom/guid.hpp>

#include "commands.hpp"
#include "report.hpp"

namespace ucom::tool {
namespace {

std::string c_initializer(const guid &value)
{
    const GUID &g = value.abi();
    return fmt::format("{{0x{:08X}, 0x{:04X}, 0x{:04X}, {{0x{:02X}, 0x{:02X}, 0x{:02X}, 0x{:02X}, 0x{:02X}, "
                       "0x{:02X}, 0x{:02X}, 0x{:02X}}}}}",
                       g.Data1, g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4],
                       g.Data4[5], g.Data4[6], g.Data4[7]);
}

std::string formatted(const guid &value, const std::string &form)
{
    std::string registry = value.to_string();
    if (form == "idl") {
        return fmt::format("uuid({})", registry.substr(1, 36));
    }
    if (form == "c") {
        return c_initializer(value);
    }
    return registry;
}

} // namespace

void add_guid_command(CLI::App &app, int &exit_code)
{
    CLI::App *command = app.add_subcommand("guid", "Make a new GUID or check one");
    command->require_subcommand(1);

    struct new_options {
        int count = 1;
        std::string form = "registry";
    };
    auto options = std::make_shared<new_options>();
    CLI::App *make = command->add_subcommand("new", "Print new random (version 4) GUIDs");
    make->add_option("-n,--count", options->count, "How many")->check(CLI::Range(1, 10000));
    make->add_option("-f,--format", options->form, "registry: {XXXXXXXX-...}; idl: uuid(...); c: a GUID initializer")
        ->check(CLI::IsMember({"registry", "idl", "c"}));
    make->callback([options, &exit_code] {
        for (int i = 0; i < options->count; ++i) {
            GUID value{};
            const HRESULT hr = ucom_create_guid(&value);
            if (FAILED(hr)) {
                fmt::print(stderr, "ucom guid new: {}\n", error::from_hresult(hr, "no random source"));
                exit_code = exit_failure;
                return;
            }
            fmt::print("{}\n", formatted(value, options->form));
        }
    });

    struct show_options {
        std::string text;
        bool json = false;
    };
    auto shown = std::make_shared<show_options>();
    CLI::App *show = command->add_subcommand("show", "Check a GUID and print it in registry, IDL and C form");
    show->add_option("GUID", shown->text, "{8-4-4-4-12} or 8-4-4-4-12 hex digits, any case")->required();
    show->add_flag("--json", shown->json, "Print JSON instead of text");
    show->callback([shown, &exit_code] {
        const result<guid> parsed = guid::parse(shown->text);
        if (!parsed) {
            report("guid show", parsed.error(), shown->json);
            exit_code = exit_failure;
            return;
        }
        if (shown->json) {
            const nlohmann::ordered_json out = {
                {"registry", parsed->to_string()}, {"idl", formatted(*parsed, "idl")}, {"c", formatted(*parsed, "c")}};
            fmt::print("{}\n", out.dump(2));
            return;
        }
        fmt::print("registry: {}\nidl:      {}\nc:        {}\n", *parsed, formatted(*parsed, "idl"),
                   formatted(*parsed, "c"));
    });
}

} // namespace ucom::tool

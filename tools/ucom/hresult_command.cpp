// `ucom hresult CODE`: what a result code means, by value (hex or decimal) or by name.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/error.hpp>

#include "commands.hpp"
#include "report.hpp"

namespace ucom::tool {
namespace {

// "0x80004002", "2147500034", "-2147467262" or "E_NOINTERFACE".
std::optional<HRESULT> parse_code(const std::string &text)
{
    HRESULT named = S_OK;
    if (ucom_hresult_from_name(text.c_str(), &named) == S_OK) {
        return named;
    }
    if (text.empty()) {
        return std::nullopt;
    }
    errno = 0;
    char *end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 0);
    if (errno != 0 || end == text.c_str() || *end != '\0' || value < INT32_MIN || value > UINT32_MAX) {
        return std::nullopt;
    }
    return static_cast<HRESULT>(static_cast<std::uint32_t>(value));
}

} // namespace

void add_hresult_command(CLI::App &app, int &exit_code)
{
    struct hresult_options {
        std::string text;
        bool json = false;
    };
    auto options = std::make_shared<hresult_options>();
    CLI::App *command =
        app.add_subcommand("hresult", "Explain a result code (0x80004002, -2147467262 or E_NOINTERFACE)");
    command->add_option("CODE", options->text, "The code, in hex, decimal or by name")->required();
    command->add_flag("--json", options->json, "Print JSON instead of text");
    command->callback([options, &exit_code] {
        const std::string &text = options->text;
        const std::optional<HRESULT> code = parse_code(text);
        if (!code) {
            report("hresult",
                   error(E_INVALIDARG,
                         fmt::format("'{}' is neither a number (hex 0x..., or decimal) nor a known code name", text)),
                   options->json);
            exit_code = exit_failure;
            return;
        }
        const auto bits = static_cast<std::uint32_t>(*code);
        const char *name = ucom_hresult_name(*code);
        if (options->json) {
            // A code ucom does not know has no name and no message: null, not "".
            const auto known = [name](nlohmann::ordered_json value) {
                return name != nullptr ? std::move(value) : nlohmann::ordered_json();
            };
            const nlohmann::ordered_json out = {{"name", known(name != nullptr ? name : "")},
                                                {"value", fmt::format("0x{:08X}", bits)},
                                                {"success", SUCCEEDED(*code)},
                                                {"message", known(name != nullptr ? hresult_message(*code) : "")},
                                                {"facility", (bits >> 16U) & 0x7FFU},
                                                {"code", bits & 0xFFFFU}};
            fmt::print("{}\n", out.dump(2));
            return;
        }
        fmt::print("{}0x{:08X} ({}): {}\n", name != nullptr ? fmt::format("{} ", name) : "", bits,
                   SUCCEEDED(*code) ? "success" : "failure",
                   name != nullptr ? hresult_message(*code) : "not a code ucom knows");
        fmt::print("facility {}, code {}\n", (bits >> 16U) & 0x7FFU, bits & 0xFFFFU);
    });
}

} // namespace ucom::tool

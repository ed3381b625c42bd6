// How a command reports that it failed: text on stderr, and with --json one JSON object on
// stdout as well (docs/ucom-tool.md, "Errors").
#pragma once

#include <string_view>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/error.hpp>

#include "printable.hpp"

namespace ucom::tool {

// "ucom COMMAND: error: MESSAGE" on stderr, the message escaped: it may quote names.
inline void report(std::string_view command, const error &e)
{
    fmt::print(stderr, "ucom {}: error: {}\n", command, printable(e.message()));
}

// How every --json command fails (docs/ucom-tool.md): the text on stderr as always, and on
// stdout one JSON object, so that a script reading stdout always gets a document:
// {"command": "list", "error": MESSAGE, "code": "REGDB_E_CLASSNOTREG"}. A command whose own
// object has room for the failure (query) fills `error` and `code` there instead.
inline void report(std::string_view command, const error &e, bool json)
{
    report(command, e);
    if (json) {
        const nlohmann::ordered_json out = {
            {"command", command}, {"error", e.message()}, {"code", hresult_name(e.code())}};
        fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    }
}

} // namespace ucom::tool

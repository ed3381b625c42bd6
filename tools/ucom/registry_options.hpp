// What the registry commands share: the --registry option and how they open the catalog
// and report an error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <ucom/error.hpp>
#include <ucom/registry/catalog.hpp>

#include "printable.hpp"
#include "report.hpp"

namespace ucom::tool {

struct registry_options {
    std::vector<std::filesystem::path> files; // --registry, in lookup order
    bool json = false;
};

inline void add_registry_option(CLI::App &command, registry_options &options)
{
    command
        .add_option("--registry", options.files,
                    "Registry file to use instead of the default layers (UCOM_REGISTRY, then "
                    "$XDG_CONFIG_HOME/ucom/registry.toml, then /etc/ucom/registry.toml; as root only the last, "
                    "UCOM_REGISTRY and the per-user file being another user's to change); repeat to layer "
                    "several, the first wins and is the one written")
        ->type_name("FILE")
        ->allow_extra_args(false); // one file per --registry: what follows is the command's own
}

inline void add_json_flag(CLI::App &command, registry_options &options)
{
    command.add_flag("--json", options.json, "Print JSON instead of text");
}

// The layers the options name, loaded; on failure the error is reported as `command`'s.
// A command that only looks names up passes catalog_use::lookups (the binary indexes).
inline std::optional<registry::catalog> open_catalog(std::string_view command, const registry_options &options,
                                                     registry::catalog_use use = registry::catalog_use::everything)
{
    auto catalog = registry::catalog::open(registry::lookup_layers(options.files), use);
    if (!catalog) {
        report(command, catalog.error(), options.json);
        return std::nullopt;
    }
    return std::move(*catalog);
}

} // namespace ucom::tool

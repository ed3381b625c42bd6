// The host tool's commands: each adds itself to the CLI11 app and runs through the runtime.
#pragma once

#include <CLI/CLI.hpp>

namespace ucom::tool {

// Exit codes every command keeps (docs/ucom-tool.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1; // the command ran and failed (bad GUID, unknown code, ...)
inline constexpr int exit_usage = 2;   // the command line itself is wrong

// Each returns the exit code through `exit_code` when its subcommand ran.
void add_guid_command(CLI::App &app, int &exit_code);
void add_hresult_command(CLI::App &app, int &exit_code);
void add_show_command(CLI::App &app, int &exit_code);
void add_register_command(CLI::App &app, int &exit_code);
void add_unregister_command(CLI::App &app, int &exit_code);
void add_list_command(CLI::App &app, int &exit_code);
void add_query_command(CLI::App &app, int &exit_code);
void add_verify_command(CLI::App &app, int &exit_code);

} // namespace ucom::tool

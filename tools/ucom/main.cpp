// `ucom`: the host tool. Parses the command line and hands over to one command.
#include <exception>
#include <memory>
#include <string>

#include <fmt/core.h>

#include "commands.hpp"

namespace {

// `ucom help [COMMAND]`: what `ucom --help` and `ucom COMMAND --help` print, as git's and
// most tools' help command does.
void add_help_command(CLI::App &app, int &exit_code)
{
    auto *help = app.add_subcommand("help", "Show the help of ucom, or of one COMMAND (as COMMAND --help does)");
    auto command = std::make_shared<std::string>();
    help->add_option("COMMAND", *command, "The command to explain");
    help->callback([&app, command, &exit_code] {
        if (command->empty()) {
            // Not app.help(): with a command chosen (this one) it explains that command.
            fmt::print("{}", app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal));
            return;
        }
        for (const CLI::App *sub : app.get_subcommands([](const CLI::App *) { return true; })) {
            if (sub->get_name() == *command) {
                fmt::print("{}", sub->help(app.get_name()));
                return;
            }
        }
        fmt::print(stderr, "ucom help: there is no command '{}'; 'ucom help' lists the commands\n", *command);
        exit_code = ucom::tool::exit_usage;
    });
}

int run(int argc, char **argv)
{
    CLI::App app{"ucom: the host tool of the ucom component runtime (COM-style components for Linux)", "ucom"};
    app.set_version_flag("--version", "ucom " UCOM_VERSION);
    app.require_subcommand(1);
    app.footer("Exit codes: 0 success, 1 the command failed, 2 usage error. Run 'ucom COMMAND --help' for a command.\n"
               "A first session: ucom register --registry reg.toml libplugin.so, then ucom list, ucom show Vendor.Thing\n"
               "and ucom query Vendor.Thing --trace (each with --registry reg.toml). Without --registry, the layers\n"
               "UCOM_REGISTRY, ~/.config/ucom/registry.toml and /etc/ucom/registry.toml apply (docs/registry.md);\n"
               "as root only /etc/ucom/registry.toml: UCOM_REGISTRY and the per-user file are ignored.");

    int exit_code = ucom::tool::exit_ok;
    ucom::tool::add_guid_command(app, exit_code);
    ucom::tool::add_hresult_command(app, exit_code);
    ucom::tool::add_register_command(app, exit_code);
    ucom::tool::add_unregister_command(app, exit_code);
    ucom::tool::add_list_command(app, exit_code);
    ucom::tool::add_show_command(app, exit_code);
    ucom::tool::add_query_command(app, exit_code);
    ucom::tool::add_verify_command(app, exit_code);
    add_help_command(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        app.exit(e);
        return ucom::tool::exit_usage;
    }
    return exit_code;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception &e) {
        fmt::print(stderr, "ucom: internal error: {}\n", e.what());
        return ucom::tool::exit_failure;
    }
}

// `ucom query CLASS`: activates a class through the runtime, as a host would, and reports
// the interfaces it answers to; `--trace` prints the activation tree. `ucom verify`: every
// registered module checked against its file, without loading it, and what each module (or,
// with --host, each program) calls against what the registered modules provide.
#include <algorithm>
#include <chrono>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ucom/com_ptr.hpp>
#include <ucom/format.hpp>
#include <ucom/registry/verification.hpp>
#include <ucom/runtime.hpp>
#include <ucom/runtime_from_catalog.hpp>

#include "commands.hpp"
#include "printable.hpp"
#include "registry_options.hpp"

namespace ucom::tool {
namespace {

struct query_options : registry_options {
    std::string name;
    std::vector<std::string> interfaces;
    bool trace = false;
};

struct traced_activation {
    ucom_activation_event event{};
    std::string name, requested_by, registry_file, registry_layer, module_file;
    std::vector<traced_activation> nested;
};

// Events arrive nested-first; a node's children are the pending nodes one level deeper.
void collect_event(const ucom_activation_event *event, void *context)
{
    auto &pending = *static_cast<std::vector<traced_activation> *>(context);
    traced_activation node;
    node.event = *event;
    node.name = event->name;
    node.requested_by = event->requested_by;
    node.registry_file = event->registry_file;
    node.registry_layer = event->registry_layer;
    node.module_file = event->module_file;
    auto first_child = pending.end();
    while (first_child != pending.begin() && std::prev(first_child)->event.depth == event->depth + 1) {
        --first_child;
    }
    node.nested.assign(std::make_move_iterator(first_child), std::make_move_iterator(pending.end()));
    pending.erase(first_child, pending.end());
    pending.push_back(std::move(node));
}

void print_trace_text(const traced_activation &node, int indent)
{
    const ucom_activation_event &e = node.event;
    std::string how;
    if (SUCCEEDED(e.result) || !node.module_file.empty()) {
        how = e.factory_cached != 0 ? "factory cached" : (e.module_loaded_now != 0 ? "loaded now" : "already mapped");
    }
    fmt::print("{:{}}{} (requested by {})", "", indent, printable(node.name), printable(node.requested_by));
    if (!node.module_file.empty()) {
        fmt::print(" via {} [{}] -> {}, {}", printable(node.registry_file), node.registry_layer,
                   printable(node.module_file), how);
    }
    fmt::print(", {:.3f} ms{}\n", static_cast<double>(e.nanoseconds) / 1e6,
               FAILED(e.result) ? fmt::format(", failed: {}", hresult_name(e.result)) : std::string());
    for (const traced_activation &child : node.nested) {
        print_trace_text(child, indent + 2);
    }
}

nlohmann::ordered_json trace_json(const traced_activation &node)
{
    nlohmann::ordered_json nested = nlohmann::ordered_json::array();
    for (const traced_activation &child : node.nested) {
        nested.push_back(trace_json(child));
    }
    return {{"class", node.name},
            {"clsid", guid(node.event.clsid).to_string()},
            {"requested_by", node.requested_by},
            {"registry", node.registry_file},
            {"layer", node.registry_layer},
            {"module", node.module_file},
            {"module_loaded_now", node.event.module_loaded_now != 0},
            {"factory_cached", node.event.factory_cached != 0},
            {"milliseconds", static_cast<double>(node.event.nanoseconds) / 1e6},
            {"result", hresult_name(node.event.result)},
            {"nested", std::move(nested)}};
}

struct interface_probe {
    std::string name;
    guid iid;
    bool requested = false; // named with --interface
    bool answers = false;
};

// A C identifier, as an interface name is.
bool is_identifier(std::string_view text)
{
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    return !text.empty() && letter(text.front()) &&
           std::all_of(text.begin(), text.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

// The interfaces to ask for: the ones named, else IUnknown and every registered interface.
result<std::vector<interface_probe>> probes_for(const registry::catalog &catalog, const query_options &options)
{
    std::vector<interface_probe> probes;
    if (options.interfaces.empty()) {
        probes.push_back({"IUnknown", guid(IID_IUnknown)});
        for (const auto &file : catalog.files()) {
            for (const auto &known : file.interfaces) {
                if (catalog.find_interface(known.iid) == &known) {
                    probes.push_back({known.name, known.iid});
                }
            }
        }
        return probes;
    }
    for (const std::string &wanted : options.interfaces) {
        if (const registry::interface_record *known = catalog.find_interface(wanted)) {
            probes.push_back({known->name, known->iid, true});
        } else if (wanted == "IUnknown") {
            probes.push_back({"IUnknown", guid(IID_IUnknown), true});
        } else if (auto iid = guid::parse(wanted)) {
            const registry::interface_record *by_iid = catalog.find_interface(*iid);
            probes.push_back({by_iid != nullptr ? by_iid->name : iid->to_string(), *iid, true});
        } else if (is_identifier(wanted)) {
            // Well formed but unknown: the registry's answer, a failure (1), not a usage error.
            return tl::make_unexpected(error(E_NOINTERFACE,
                                             fmt::format("'{}' is not a registered interface name (nor an IID)", wanted)));
        } else {
            return tl::make_unexpected(
                error(E_INVALIDARG, fmt::format("'{}' is neither an interface name nor an IID", wanted)));
        }
    }
    return probes;
}

int run_query(const query_options &options)
{
    auto catalog = open_catalog("query", options);
    if (!catalog) {
        return exit_failure;
    }
    auto probes = probes_for(*catalog, options);
    if (!probes) {
        report("query", probes.error(), options.json);
        return probes.error().code() == E_INVALIDARG ? exit_usage : exit_failure;
    }
    // The runtime takes over the catalog read above: the registry is parsed once.
    ucom_runtime *handle = nullptr;
    if (const HRESULT opened = activation::open_runtime(std::move(*catalog), &handle); FAILED(opened)) {
        report("query", error::from_hresult(opened, "ucom::activation::open_runtime"), options.json);
        return exit_failure;
    }
    const std::unique_ptr<ucom_runtime, void (*)(ucom_runtime *)> rt(handle, &ucom_runtime_close);
    std::vector<traced_activation> trace;
    if (options.trace) {
        ucom_runtime_set_trace(rt.get(), &collect_event, &trace);
    }
    com_ptr<IUnknown> activated;
    const HRESULT created =
        ucom_runtime_create_instance_by_name(rt.get(), options.name.c_str(), &IID_IUnknown, activated.put_void());
    auto object = detail::activation_result(created, std::move(activated), "ucom::runtime::create_instance");
    ucom_runtime_set_trace(rt.get(), nullptr, nullptr);
    bool all_answered = true;
    if (object) {
        for (interface_probe &probe : *probes) {
            com_ptr<IUnknown> answer;
            probe.answers = SUCCEEDED((*object)->lpVtbl->QueryInterface(object->get(), &probe.iid.abi(), answer.put_void()));
            all_answered = all_answered && (probe.answers || !probe.requested);
        }
    }
    if (options.json) {
        nlohmann::ordered_json out = {{"class", options.name}, {"activated", static_cast<bool>(object)}};
        if (!object) {
            out["error"] = object.error().message();
            out["code"] = hresult_name(object.error().code());
        }
        nlohmann::ordered_json answers = nlohmann::ordered_json::array();
        for (const interface_probe &probe : *probes) {
            if (object && (probe.answers || probe.requested)) {
                answers.push_back({{"name", probe.name}, {"iid", probe.iid.to_string()}, {"answers", probe.answers}});
            }
        }
        out["interfaces"] = std::move(answers);
        if (options.trace) {
            nlohmann::ordered_json tree = nlohmann::ordered_json::array();
            for (const traced_activation &root : trace) {
                tree.push_back(trace_json(root));
            }
            out["trace"] = std::move(tree);
        }
        fmt::print("{}\n", out.dump(2));
    } else {
        if (options.trace) {
            fmt::print("activation trace:\n");
            for (const traced_activation &root : trace) {
                print_trace_text(root, 2);
            }
        }
        if (object) {
            fmt::print("{}: activated; answers to:\n", printable(options.name));
            for (const interface_probe &probe : *probes) {
                if (probe.answers) {
                    fmt::print("  {} {}\n", printable(probe.name), probe.iid);
                } else if (probe.requested) {
                    fmt::print("  {} {}: no (E_NOINTERFACE)\n", printable(probe.name), probe.iid);
                }
            }
        }
    }
    if (!object) {
        report("query", object.error());
        return exit_failure;
    }
    if (!all_answered) {
        fmt::print(stderr, "ucom query: error: {} does not answer to every interface asked for\n",
                   printable(options.name));
        return exit_failure;
    }
    return exit_ok;
}

// One layer's registry file could not be read or is refused (malformed, unsafe for root):
// a problem of its own, and the other layers are still checked.
struct layer_failure {
    std::filesystem::path registry;
    std::string problem;
};

// Each layer's binary index, as text lines or into `json`; the number of indexes that
// differ from their registry file (the rest are current, or bypassed by hosts: a note).
std::size_t report_indexes(const std::vector<registry::index_check> &indexes, bool json, nlohmann::ordered_json &list)
{
    using state = registry::index_check::state;
    std::size_t misleading = 0;
    for (const registry::index_check &index : indexes) {
        misleading += index.result == state::differs ? 1U : 0U;
        if (json) {
            list.push_back({{"index", index.file.string()},
                            {"state", registry::index_state_name(index.result)},
                            {"ok", index.result != state::differs},
                            {"problem", index.message}});
        } else if (index.result == state::current) {
            fmt::print("ok   index {}\n", printable(index.file.string()));
        } else {
            fmt::print("{} index {} ({})\n     {}{}\n", index.result == state::differs ? "FAIL" : "note",
                       printable(index.file.string()), registry::index_state_name(index.result),
                       printable(index.message),
                       index.result == state::differs ? "" : "; hosts parse the registry file instead until the next "
                                                             "`ucom register` or `ucom unregister` rewrites it");
        }
    }
    return misleading;
}

struct verify_options : registry_options {
    std::vector<std::filesystem::path> hosts; // --host: check these programs instead of the modules
};

void print_check(const registry::module_check &check)
{
    const char *verdict = check.problems.empty() ? "ok  " : "FAIL";
    if (check.from == nullptr) {
        fmt::print("{} host {}\n", verdict, printable(check.file.string()));
    } else {
        fmt::print("{} {} ({} class{}, {})\n", verdict, printable(check.file.string()), check.classes.size(),
                   check.classes.size() == 1 ? "" : "es", printable(check.from->path.string()));
    }
    for (const std::string &problem : check.problems) {
        fmt::print("     {}\n", printable(problem));
    }
    for (const std::string &note : check.notes) {
        fmt::print("     note: {}\n", printable(note));
    }
}

int run_verify(const verify_options &options)
{
    // Layer by layer, so that one refused registry file does not hide the others' modules.
    std::vector<registry::catalog> catalogs;
    std::vector<layer_failure> refused_layers;
    for (const registry::layer &layer : registry::lookup_layers(options.files)) {
        auto catalog = registry::catalog::open({layer});
        if (catalog) {
            catalogs.push_back(std::move(*catalog));
        } else {
            refused_layers.push_back({layer.path, catalog.error().message()});
        }
    }
    // Each layer's binary index: a missing or bypassed one is a note (hosts parse instead),
    // one that differs from its file fails.
    std::vector<registry::index_check> indexes;
    for (const registry::catalog &catalog : catalogs) {
        if (auto index = registry::check_index(catalog.layers().front().path)) {
            indexes.push_back(std::move(*index));
        }
    }
    // What each module (or host) calls is checked with what every layer's modules provide.
    registry::provider_index providers;
    for (const registry::catalog &catalog : catalogs) {
        providers.add(catalog);
    }
    std::vector<registry::module_check> checks;
    for (const std::filesystem::path &host : options.hosts) {
        checks.push_back(registry::verify_program(host, providers));
    }
    if (options.hosts.empty()) { // --host checks the programs alone
        for (const registry::catalog &catalog : catalogs) {
            std::vector<registry::module_check> found = registry::verify_modules(catalog, providers);
            std::move(found.begin(), found.end(), std::back_inserter(checks));
        }
    }
    std::size_t failed = refused_layers.size();
    nlohmann::ordered_json modules = nlohmann::ordered_json::array();
    nlohmann::ordered_json registries = nlohmann::ordered_json::array();
    for (const layer_failure &refused : refused_layers) {
        if (options.json) {
            registries.push_back({{"registry", refused.registry.string()}, {"ok", false}, {"problem", refused.problem}});
            continue;
        }
        fmt::print("FAIL registry {}\n     {}\n", printable(refused.registry.string()), printable(refused.problem));
    }
    for (const registry::module_check &check : checks) {
        failed += check.problems.empty() ? 0U : 1U;
        if (options.json) {
            nlohmann::ordered_json entry{{check.from != nullptr ? "module" : "host", check.file.string()}};
            if (check.from != nullptr) {
                entry["registry"] = check.from->path.string();
                entry["classes"] = check.classes;
            }
            entry["ok"] = check.problems.empty();
            entry["problems"] = check.problems;
            entry["notes"] = check.notes;
            modules.push_back(std::move(entry));
            continue;
        }
        print_check(check);
    }
    nlohmann::ordered_json index_list = nlohmann::ordered_json::array();
    const std::size_t misleading = report_indexes(indexes, options.json, index_list);
    failed += misleading;
    // The report on stdout is the reason for a failure (each FAIL line); in JSON a failure
    // also carries error and code, as every command's does.
    const std::string failure =
        failed == 0 ? std::string() : fmt::format("{} of the checks above failed", failed);
    if (options.json) {
        nlohmann::ordered_json out{{"ok", failed == 0},
                                   {"refused_registries", std::move(registries)},
                                   {"indexes", std::move(index_list)},
                                   {"modules", std::move(modules)}};
        if (failed != 0) {
            out["error"] = failure;
            out["code"] = hresult_name(E_FAIL);
        }
        fmt::print("{}\n", out.dump(2));
    } else {
        fmt::print("{} {}{} checked, {} with problems{}{}\n", checks.size(), options.hosts.empty() ? "module" : "host",
                   checks.size() == 1 ? "" : "s",
                   failed - refused_layers.size() - misleading,
                   misleading == 0 ? "" : fmt::format("; {} index{} differ{} from {} registry file{}", misleading,
                                                      misleading == 1 ? "" : "es", misleading == 1 ? "s" : "",
                                                      misleading == 1 ? "its" : "their", misleading == 1 ? "" : "s"),
                   refused_layers.empty() ? "" : fmt::format("; {} registry file{} refused", refused_layers.size(),
                                                             refused_layers.size() == 1 ? "" : "s"));
    }
    return failed == 0 ? exit_ok : exit_failure;
}

} // namespace

void add_query_command(CLI::App &app, int &exit_code)
{
    auto options = std::make_shared<query_options>();
    CLI::App *command = app.add_subcommand(
        "query", "Activate a registered class as a host would and list the interfaces it answers to");
    command->add_option("class", options->name, "The class: a CLSID or a ProgID")->required()->type_name("CLSID|PROGID");
    command
        ->add_option("--interface", options->interfaces,
                     "Ask only for this interface (a registered name or an IID); repeatable; the exit code is 1 "
                     "unless the object answers to all of them")
        ->type_name("NAME|IID")
        ->allow_extra_args(false);
    command->add_flag("--trace", options->trace,
                      "Print the activation tree: each class activated, by whom, through which registry layer, "
                      "from which file, loaded now or already mapped, and how long it took");
    add_registry_option(*command, *options);
    add_json_flag(*command, *options);
    command->callback([options, &exit_code] { exit_code = run_query(*options); });
}

void add_verify_command(CLI::App &app, int &exit_code)
{
    auto options = std::make_shared<verify_options>();
    CLI::App *command = app.add_subcommand(
        "verify", "Check every registered module against its file without loading it, and what each calls against "
                  "what the registered modules provide (exit 1 when any fails)");
    command
        ->add_option("--host", options->hosts,
                     "Check this host program instead: the interfaces its build recorded that it calls, against "
                     "the registered providers (repeatable); it is not run")
        ->type_name("PROGRAM")
        ->allow_extra_args(false);
    add_registry_option(*command, *options);
    add_json_flag(*command, *options);
    command->callback([options, &exit_code] { exit_code = run_verify(*options); });
}

} // namespace ucom::tool

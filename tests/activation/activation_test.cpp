// Activation of registered plugins through ucom::runtime: by CLSID and ProgID, once-per-
// process loading, nested activations and cycles, unloading, tracing and the C API.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <ucom/context.hpp>
#include <ucom/guid.hpp>
#include <ucom/registry/model.hpp>
#include <ucom/runtime.hpp>

#include "calculator.h"
#include "lingering.h"
#include "nesting.h"
#include "test_registry.hpp"

using ucom::test::scratch_registry;

namespace {

int32_t children_of(const ucom::com_ptr<INode> &node)
{
    int32_t count = -1;
    REQUIRE(node->lpVtbl->Children(node.get(), &count) == S_OK);
    return count;
}

struct recorded_event {
    std::string name;
    std::string requested_by;
    unsigned depth;
    bool loaded_now;
    bool cached;
    HRESULT result;
};

// Replaces each `from` in the file with `to`, as a hand edit would; returns how many.
std::size_t replace_in_file(const std::filesystem::path &file, const std::string &from, const std::string &to)
{
    std::string text;
    {
        std::ifstream in(file);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::size_t replaced = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
        ++replaced;
    }
    std::ofstream(file, std::ios::trunc) << text;
    return replaced;
}

// A runtime of the C API over the registry's file.
ucom_runtime *open_c_runtime(const scratch_registry &registry)
{
    const std::string file = registry.file().string();
    const char *files[] = {file.c_str()};
    ucom_runtime *rt = nullptr;
    REQUIRE(ucom_runtime_open(files, 1, &rt) == S_OK);
    return rt;
}

// The message of the error info the last failed call left, which must carry `expected`.
std::string taken_error_message(HRESULT expected)
{
    HRESULT code = S_OK;
    char *message = nullptr;
    REQUIRE(ucom_take_error_info(&code, nullptr, &message) == S_OK);
    CHECK(code == expected);
    std::string text = message;
    ucom_free(message);
    return text;
}

void record(const ucom_activation_event *event, void *context)
{
    static_cast<std::vector<recorded_event> *>(context)->push_back({event->name, event->requested_by, event->depth,
                                                                    event->module_loaded_now != 0,
                                                                    event->factory_cached != 0, event->result});
}

} // namespace

TEST_CASE("a registered plugin activates by CLSID and its object works")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    auto rt = registry.open_runtime();
    auto calculator = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE(calculator);
    int32_t product = 0;
    REQUIRE((*calculator)->lpVtbl->Multiply(calculator->get(), 6, 7, &product) == S_OK);
    CHECK(product == 42);
    CHECK(calculator->as<IDescribe>());
    // The same class again comes from the cached factory; the CLSID string works as a name.
    CHECK(rt.create_instance<ICalculator2>("{47E33DF5-BF12-4469-836C-2EAC6F517450}"));
    CHECK(rt.create_instance<ICalculator2>("47e33df5-bf12-4469-836c-2eac6f517450"));
}

TEST_CASE("a class activates by ProgID and by version-independent ProgID")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    auto by_progid = rt.create_instance<INode>("Test.Leaf.1");
    auto by_vi_progid = rt.create_instance<INode>("Test.Leaf");
    REQUIRE(by_progid);
    REQUIRE(by_vi_progid);
    CHECK(children_of(*by_progid) == 0);
}

TEST_CASE("a host activates through the index ucom register writes, and a hand edit of the registry wins over it")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    REQUIRE(std::filesystem::is_regular_file(registry.file().string() + ".index"));
    {
        auto rt = registry.open_runtime();
        auto leaf = rt.create_instance<INode>("Test.Leaf");
        REQUIRE(leaf);
        CHECK(children_of(*leaf) == 0);
        CHECK(rt.create_instance<INode>("Test.Nested"));
    }
    // Past the file system's timestamp tick (a kernel before 6.13 stamps files with a clock
    // of a few milliseconds' grain; docs/registry.md, "The index", says why that matters).
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    // A hand edit that keeps the file's size and puts its mtime back: the stale index is
    // bypassed and the edit decides.
    struct stat before {};
    REQUIRE(::stat(registry.file().c_str(), &before) == 0);
    std::string text = ucom::registry::test::read_file(registry.file());
    for (auto at = text.find("'Test.Leaf"); at != std::string::npos; at = text.find("'Test.Leaf", at + 1)) {
        text.replace(at + 1, 9, "Test.Leax");
    }
    ucom::registry::test::write_file(registry.file(), text);
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, registry.file().c_str(), times, 0) == 0);
    auto rt = registry.open_runtime();
    CHECK(rt.create_instance<INode>("Test.Leax"));
    auto old_name = rt.create_instance<INode>("Test.Leaf");
    REQUIRE_FALSE(old_name);
    CHECK(old_name.error().code() == REGDB_E_CLASSNOTREG);
}

TEST_CASE("an unregistered class fails with REGDB_E_CLASSNOTREG naming the registry searched")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    auto rt = registry.open_runtime();
    auto missing = rt.create_instance<IUnknown>("Test.NotThere");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == REGDB_E_CLASSNOTREG);
    CHECK_THAT(missing.error().message(),
               Catch::Contains("'Test.NotThere' is not registered") && Catch::Contains(registry.file().string()));
    auto bad = rt.create_instance<IUnknown>("{47E33DF5-BF12-4469-836C-2EAC6F51745}");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code() == CO_E_CLASSSTRING);
}

TEST_CASE("create_instance of a null name is E_INVALIDARG from a runtime and from a context alike")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    const auto rt = registry.open_runtime();
    const char *no_name = nullptr;
    for (const auto &refused : {rt.create_instance<ICalculator2>(no_name),
                                ucom::context().create_instance<ICalculator2>(no_name)}) {
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == E_INVALIDARG);
        CHECK(refused.error().message() == "no class name given");
    }
}

TEST_CASE("a context no runtime made refuses every activation with CO_E_NOTINITIALIZED naming the class")
{
    const ucom::context detached;
    const auto by_name = detached.create_instance<ICalculator2>(std::string("Example.Calculator"));
    REQUIRE_FALSE(by_name);
    CHECK(by_name.error().code() == CO_E_NOTINITIALIZED);
    CHECK(by_name.error().message() ==
          "this component was not created through a ucom runtime, so it cannot activate 'Example.Calculator'");
    const auto by_clsid = detached.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(by_clsid);
    CHECK(by_clsid.error().code() == CO_E_NOTINITIALIZED);
    CHECK(by_clsid.error().origin() == ucom::guid(CLSID_Calculator).to_string());
}

TEST_CASE("asking for an interface the object lacks is E_NOINTERFACE and yields nothing")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    auto rt = registry.open_runtime();
    auto wrong = rt.create_instance<INode>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code() == E_NOINTERFACE);
    CHECK_THAT(wrong.error().message(), Catch::Contains("class {47E33DF5"));
}

TEST_CASE("a module is loaded once per process however many paths and runtimes reach it")
{
    // One registry names the plugin by a symlink, the other by its real path.
    scratch_registry first;
    scratch_registry second;
    const std::filesystem::path copy = first.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    const std::filesystem::path link = first.folder() / "libcalculator-link.so";
    std::filesystem::create_symlink(copy, link);
    first.register_plugin(link);
    second.register_plugin(copy);
    auto rt1 = first.open_runtime();
    auto rt2 = second.open_runtime();
    std::vector<recorded_event> events;
    rt2.set_trace(&record, &events);
    auto a = rt1.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    auto b = rt2.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(ucom::test::loaded_objects_of(copy) == 1);
    CHECK(ucom::test::executable_mappings_of(copy) == 1);
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].loaded_now); // rt1 had mapped it already
}

TEST_CASE("a component activates another while it is being created, on the same thread")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    std::vector<recorded_event> events;
    rt.set_trace(&record, &events);
    auto nested = rt.create_instance<INode>("Test.Nested");
    REQUIRE(nested);
    CHECK(children_of(*nested) == 1);
    REQUIRE(events.size() == 2); // the nested activation reports first
    CHECK(events[0].name == "Test.Leaf.1");
    CHECK(events[0].requested_by == "Test.Nested");
    CHECK(events[0].depth == 1);
    CHECK(events[1].name == "Test.Nested");
    CHECK(events[1].requested_by == "host");
    CHECK(events[1].depth == 0);
}

TEST_CASE("a component activates another from a thread it starts without deadlocking")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    std::vector<recorded_event> events;
    rt.set_trace(&record, &events);
    auto nested = rt.create_instance<INode>("Test.ThreadNested");
    REQUIRE(nested);
    CHECK(children_of(*nested) == 1);
    REQUIRE(events.size() == 2);
    CHECK(events[0].requested_by == "Test.ThreadNested"); // known through the context, not the thread
}

TEST_CASE("an activation cycle is refused with an error that names the cycle")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    auto cyclic = rt.create_instance<INode>("Test.CycleA");
    REQUIRE_FALSE(cyclic);
    CHECK(cyclic.error().code() == UCOM_E_ACTIVATION_CYCLE);
    CHECK(cyclic.error().message() == "activation cycle: Test.CycleA -> Test.CycleB -> Test.CycleA (refused; a class "
                                      "may not need itself to be created)");
    // The runtime is still usable, and the same thread can activate again.
    CHECK(rt.create_instance<INode>("Test.Leaf"));
}

TEST_CASE("a cycle through threads the components start is refused with an error that names the cycle")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    auto cyclic = rt.create_instance<INode>("Test.ThreadCycleA");
    REQUIRE_FALSE(cyclic);
    CHECK(cyclic.error().code() == UCOM_E_ACTIVATION_CYCLE);
    // Refused at the 65th nested activation, a ThreadCycleB asked for by a ThreadCycleA; the
    // message is the cycle alone, not one "failed to create" per class it passed through.
    CHECK(cyclic.error().message() ==
          "activation cycle through threads the components start: Test.ThreadCycleB -> Test.ThreadCycleA -> "
          "Test.ThreadCycleB (refused after 64 nested activations; a class may not need itself to be created)");
    CHECK(rt.create_instance<INode>("Test.Leaf"));
}

TEST_CASE("a component activates through its kept context one call after another without reaching the limit")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    auto repeater = rt.create_instance<INode>("Test.RepeaterB");
    REQUIRE(repeater);
    // Each call nests RepeaterA and a new RepeaterB under it; 100 calls one after another
    // would pass 64 if the depths of finished activations added up.
    int32_t worked = 0;
    for (int call = 0; call < 100; ++call) {
        int32_t count = 0;
        if ((*repeater)->lpVtbl->Children(repeater->get(), &count) == S_OK) {
            worked += count;
        }
    }
    CHECK(worked == 100);
}

TEST_CASE("a chain of more distinct classes than activations may nest is refused and named whole")
{
    scratch_registry registry;
    registry.register_plugin(CHAIN_PLUGIN);
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<IUnknown>("Test.Chain.0");
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == UCOM_E_ACTIVATION_CYCLE);
    std::string chain = "Test.Chain.0";
    for (int i = 1; i <= 65; ++i) {
        chain += " -> Test.Chain." + std::to_string(i);
    }
    CHECK(made.error().message() == "class Test.Chain.65: activations nested more than 64 deep (refused): " + chain);
    // A chain one class shorter nests 64 deep, which is allowed.
    CHECK(rt.create_instance<IUnknown>("Test.Chain.1"));
}

TEST_CASE("a factory that fails with the cycle code but no message is reported with its class and module")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<INode>("Test.BareCycleCode");
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == UCOM_E_ACTIVATION_CYCLE);
    CHECK_THAT(made.error().message(), Catch::StartsWith("class Test.BareCycleCode: module ") &&
                                           Catch::Contains("its class factory failed to create it: "));
}

TEST_CASE("unload_unused unloads a module nobody uses and activation loads it again")
{
    scratch_registry registry;
    const std::filesystem::path copy = registry.copy_in(NESTING_PLUGIN, "libnesting.so");
    registry.register_plugin(copy);
    auto rt = registry.open_runtime();
    {
        auto leaf = rt.create_instance<INode>("Test.Leaf");
        REQUIRE(leaf);
        rt.unload_unused(); // the leaf is alive: DllCanUnloadNow says S_FALSE
        CHECK(ucom::test::loaded_objects_of(copy) == 1);
    }
    CHECK(rt.unload_unused() >= 1); // other tests' unused modules may go too: they are process-wide
    CHECK(ucom::test::loaded_objects_of(copy) == 0);
    std::vector<recorded_event> events;
    rt.set_trace(&record, &events);
    CHECK(rt.create_instance<INode>("Test.Leaf"));
    REQUIRE(events.size() == 1);
    CHECK(events[0].loaded_now);
    CHECK_FALSE(events[0].cached);
}

// Modules are process-wide: other tests' may unload in the same sweeps, so each test counts
// mappings of its own module.
TEST_CASE("a module that unloads exactly goes at the first sweep that finds it idle, whatever the unload delay")
{
    scratch_registry registry;
    registry.register_plugin(LINGERING_PLUGIN);
    auto rt = registry.open_runtime(); // the default delay: ten minutes
    CHECK(rt.create_instance<ILingering>("Test.Lingering"));
    CHECK(rt.unload_unused() >= 1);
    CHECK(ucom::test::loaded_objects_of(LINGERING_PLUGIN) == 0);
}

TEST_CASE("a module that does not unload exactly goes once it has been idle for the unload delay, counted afresh "
          "after each activation")
{
    scratch_registry registry;
    registry.register_plugin(LINGERING_IN_MODULE_PLUGIN);
    auto rt = registry.open_runtime();
    constexpr auto delay = std::chrono::milliseconds(300);
    rt.set_unload_delay(delay);
    const auto activate = [&] { CHECK(rt.create_instance<ILingering>("Test.Lingering")); };
    const auto loaded = [] { return ucom::test::loaded_objects_of(LINGERING_IN_MODULE_PLUGIN); };
    activate();
    rt.unload_unused(); // idle from now on
    CHECK(loaded() == 1);
    std::this_thread::sleep_for(delay / 2);
    activate(); // the clock starts again at the next sweep
    std::this_thread::sleep_for(delay / 2);
    rt.unload_unused(); // idle for a full delay since the first sweep, but not since the activation
    CHECK(loaded() == 1);
    std::this_thread::sleep_for(delay);
    CHECK(rt.unload_unused() >= 1);
    CHECK(loaded() == 0);

    activate();
    rt.set_unload_delay(std::chrono::milliseconds(0));
    CHECK(rt.unload_unused() >= 1); // a delay of 0: at the first sweep
    CHECK(loaded() == 0);
}

TEST_CASE("the C API activates by name and reports failures as error info")
{
    scratch_registry registry;
    registry.register_plugin(NESTING_PLUGIN);
    const std::string file = registry.file().string();
    const char *files[] = {file.c_str()};
    ucom_runtime *rt = nullptr;
    REQUIRE(ucom_runtime_open(files, 1, &rt) == S_OK);
    void *object = nullptr;
    REQUIRE(ucom_runtime_create_instance_by_name(rt, "Test.Leaf", &IID_INode, &object) == S_OK);
    REQUIRE(object != nullptr);
    static_cast<INode *>(object)->lpVtbl->Release(static_cast<INode *>(object));
    CHECK(ucom_runtime_create_instance_by_name(rt, "Test.Missing", &IID_INode, &object) == REGDB_E_CLASSNOTREG);
    CHECK(object == nullptr);
    HRESULT code = S_OK;
    char *message = nullptr;
    REQUIRE(ucom_take_error_info(&code, nullptr, &message) == S_OK);
    CHECK(code == REGDB_E_CLASSNOTREG);
    CHECK_THAT(std::string(message), Catch::Contains("Test.Missing"));
    ucom_free(message);
    CHECK(ucom_runtime_create_instance(rt, nullptr, &IID_INode, &object) == E_INVALIDARG);
    ucom_runtime_close(rt);
}

TEST_CASE("a malformed registry fails to open with its location")
{
    scratch_registry registry;
    {
        std::ofstream(registry.file()) << "[[class]]\nclsid = 'nope'\n";
    }
    auto rt = ucom::runtime::open({registry.file().string()});
    REQUIRE_FALSE(rt);
    CHECK(rt.error().code() == REGDB_E_INVALIDVALUE);
    CHECK_THAT(rt.error().message(), Catch::Contains(registry.file().string() + ":2:9:"));
}

TEST_CASE("ucom query --interface: a well-formed name nobody registered fails, a malformed one is a usage error")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    const std::string clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}";
    const auto known = registry.ucom({"query", clsid, "--interface", "ICalculator2"});
    CHECK(known.exit_code == 0);
    const auto unknown = registry.ucom({"query", clsid, "--interface", "INope"});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.output, Catch::Contains("'INope' is not a registered interface name (nor an IID)"));
    const auto malformed = registry.ucom({"query", clsid, "--interface", "I Nope!"});
    CHECK(malformed.exit_code == 2);
    CHECK_THAT(malformed.output, Catch::Contains("'I Nope!' is neither an interface name nor an IID"));
}

TEST_CASE("a caller built against another layout of an interface is refused before the module loads, naming both")
{
    scratch_registry registry;
    const auto plugin = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator_layout.so");
    registry.register_plugin(plugin);
    ucom_runtime *rt = open_c_runtime(registry);
    void *object = nullptr;
    // A stale caller: its header gave ICalculator2 another fingerprint than the module registered.
    CHECK(ucom_runtime_create_instance_checked(rt, &CLSID_Calculator, &IID_ICalculator2,
                                               ICalculator2_LAYOUT_FINGERPRINT ^ 1U, &object) == UCOM_E_LAYOUT_MISMATCH);
    CHECK(object == nullptr);
    CHECK(ucom::test::loaded_objects_of(plugin) == 0);
    const std::string text = taken_error_message(UCOM_E_LAYOUT_MISMATCH);
    CHECK_THAT(text, Catch::Contains("interface ICalculator2 {E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}") &&
                         Catch::Contains(ucom::registry::fingerprint_text(ICalculator2_LAYOUT_FINGERPRINT)) &&
                         Catch::Contains(ucom::registry::fingerprint_text(ICalculator2_LAYOUT_FINGERPRINT ^ 1U)) &&
                         Catch::Contains("libcalculator_layout.so") && Catch::Contains("new IID"));
    // The same by name; the caller's own layout passes; 0 checks nothing.
    CHECK(ucom_runtime_create_instance_by_name_checked(rt, "{47E33DF5-BF12-4469-836C-2EAC6F517450}", &IID_ICalculator2,
                                                       ICalculator2_LAYOUT_FINGERPRINT ^ 1U,
                                                       &object) == UCOM_E_LAYOUT_MISMATCH);
    for (std::uint64_t layout : {static_cast<std::uint64_t>(ICalculator2_LAYOUT_FINGERPRINT), std::uint64_t{0}}) {
        REQUIRE(ucom_runtime_create_instance_checked(rt, &CLSID_Calculator, &IID_ICalculator2, layout, &object) == S_OK);
        static_cast<ICalculator2 *>(object)->lpVtbl->Release(static_cast<ICalculator2 *>(object));
    }
    ucom_runtime_close(rt);
}

TEST_CASE("a caller's layouts that passed are remembered for the class, and a stale caller is refused after them")
{
    scratch_registry registry;
    const auto plugin = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator_remembered.so");
    registry.register_plugin(plugin);
    ucom_runtime *rt = open_c_runtime(registry);
    void *object = nullptr;
    const auto create = [&](const IID &iid, std::uint64_t layout, std::uint32_t version, std::uint64_t contract) {
        const HRESULT code = ucom_runtime_create_instance_with_contract(rt, &CLSID_Calculator, &iid, layout, version,
                                                                        contract, &object);
        if (object != nullptr) {
            static_cast<IUnknown *>(object)->lpVtbl->Release(static_cast<IUnknown *>(object));
            object = nullptr;
        }
        return code;
    };
    const std::uint32_t version = ICalculator2_CONTRACT_VERSION;
    for (int round = 0; round < 2; ++round) {
        INFO("round " << round);
        CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT, 0, 0) == S_OK);
        CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT ^ 1U, 0, 0) == UCOM_E_LAYOUT_MISMATCH);
        CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT, version, ICalculator2_CONTRACT_FINGERPRINT) ==
              S_OK);
        CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT, version,
                     ICalculator2_CONTRACT_FINGERPRINT ^ 1U) == UCOM_E_LAYOUT_MISMATCH);
    }
    // More passing pairs than a class remembers (IUnknown has no registered layout, so any
    // passes): those beyond are checked each time, and the stale callers are still refused.
    for (std::uint64_t layout = 1; layout <= 8; ++layout) {
        CHECK(create(IID_IUnknown, layout, 0, 0) == S_OK);
    }
    CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT ^ 1U, 0, 0) == UCOM_E_LAYOUT_MISMATCH);
    CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT ^ 2U, 0, 0) == UCOM_E_LAYOUT_MISMATCH);
    CHECK(create(IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT, 0, 0) == S_OK);
    ucom_clear_error_info();
    ucom_runtime_close(rt);
}

TEST_CASE("a caller built against another contract of an interface is refused, and a contract it cannot compare is not")
{
    scratch_registry registry;
    const auto plugin = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator_contract.so");
    registry.register_plugin(plugin);
    ucom_runtime *rt = open_c_runtime(registry);
    void *object = nullptr;
    // The same binary layout, another contract (a size_is changed under the same IID).
    CHECK(ucom_runtime_create_instance_with_contract(rt, &CLSID_Calculator, &IID_ICalculator2,
                                                     ICalculator2_LAYOUT_FINGERPRINT, ICalculator2_CONTRACT_VERSION,
                                                     ICalculator2_CONTRACT_FINGERPRINT ^ 1U,
                                                     &object) == UCOM_E_LAYOUT_MISMATCH);
    CHECK(object == nullptr);
    CHECK(ucom::test::loaded_objects_of(plugin) == 0);
    const std::string text = taken_error_message(UCOM_E_LAYOUT_MISMATCH);
    CHECK_THAT(text, Catch::Contains("built against contract " +
                                     ucom::registry::fingerprint_text(ICalculator2_CONTRACT_FINGERPRINT ^ 1U)) &&
                         Catch::Contains("provides contract " +
                                         ucom::registry::fingerprint_text(ICalculator2_CONTRACT_FINGERPRINT)) &&
                         Catch::Contains("the same binary layout") && Catch::Contains("libcalculator_contract.so"));
    CHECK(ucom_runtime_create_instance_by_name_with_contract(
              rt, "{47E33DF5-BF12-4469-836C-2EAC6F517450}", &IID_ICalculator2, ICalculator2_LAYOUT_FINGERPRINT,
              ICalculator2_CONTRACT_VERSION, ICalculator2_CONTRACT_FINGERPRINT ^ 1U, &object) == UCOM_E_LAYOUT_MISMATCH);
    // Another binary layout is named as the layout, whatever the contract.
    CHECK(ucom_runtime_create_instance_with_contract(rt, &CLSID_Calculator, &IID_ICalculator2,
                                                     ICalculator2_LAYOUT_FINGERPRINT ^ 1U, ICalculator2_CONTRACT_VERSION,
                                                     ICalculator2_CONTRACT_FINGERPRINT, &object) == UCOM_E_LAYOUT_MISMATCH);
    // Passes: the caller's own contract (IFoo_CONTRACT gives all three values); a contract of a
    // version this runtime does not know, or none, is not compared (the layout still is).
    struct attempt {
        std::uint32_t version;
        std::uint64_t contract;
    };
    for (const attempt a : {attempt{ICalculator2_CONTRACT_VERSION, ICalculator2_CONTRACT_FINGERPRINT},
                            attempt{ICalculator2_CONTRACT_VERSION + 1, ICalculator2_CONTRACT_FINGERPRINT ^ 1U},
                            attempt{0, 0}}) {
        INFO("contract version " << a.version);
        REQUIRE(ucom_runtime_create_instance_with_contract(rt, &CLSID_Calculator, &IID_ICalculator2,
                                                           ICalculator2_LAYOUT_FINGERPRINT, a.version, a.contract,
                                                           &object) == S_OK);
        static_cast<ICalculator2 *>(object)->lpVtbl->Release(static_cast<ICalculator2 *>(object));
    }
    REQUIRE(ucom_runtime_create_instance_with_contract(rt, &CLSID_Calculator, &IID_ICalculator2, ICalculator2_CONTRACT,
                                                       &object) == S_OK);
    static_cast<ICalculator2 *>(object)->lpVtbl->Release(static_cast<ICalculator2 *>(object));
    ucom_runtime_close(rt);
}

TEST_CASE("create_instance<I> passes I's layout: a registry that gives I another one refuses the C++ caller")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    {
        auto rt = registry.open_runtime();
        REQUIRE(rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator)));
    }
    // The provider side as a rebuilt module would register it: ICalculator2 with another layout,
    // in the module's list and the [[interface]] entry.
    REQUIRE(replace_in_file(registry.file(), ucom::registry::fingerprint_text(ICalculator2_LAYOUT_FINGERPRINT),
                            "0x00000000000000A1") == 2);
    auto rt = registry.open_runtime();
    auto stale = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code() == UCOM_E_LAYOUT_MISMATCH);
    CHECK_THAT(stale.error().message(), Catch::Contains("0x00000000000000A1"));
    // An interface the caller asks for without a layout in the registry is not checked.
    CHECK(rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator)).error().code() != UCOM_E_LAYOUT_MISMATCH);
}

TEST_CASE("create_instance<I> passes I's contract: a registry that gives I another one refuses the C++ caller")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    REQUIRE(replace_in_file(registry.file(), ucom::registry::fingerprint_text(ICalculator2_CONTRACT_FINGERPRINT),
                            "0x00000000000000C2") == 2);
    auto rt = registry.open_runtime();
    auto stale = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code() == UCOM_E_LAYOUT_MISMATCH);
    CHECK_THAT(stale.error().message(), Catch::Contains("provides contract 0x00000000000000C2"));
}

TEST_CASE("a ucom::runtime that was moved from refuses to activate with E_POINTER, naming what was asked for")
{
    scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    auto rt = registry.open_runtime();
    auto taken = std::move(rt);
    REQUIRE(taken.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator)));
    const auto refused = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator)); // NOLINT(bugprone-use-after-move)
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == E_POINTER);
    CHECK_THAT(refused.error().message(), Catch::Contains("moved from") &&
                                              Catch::Contains("{47E33DF5-BF12-4469-836C-2EAC6F517450}"));
    // A failure after the call still names the class: the name is spelled only then.
    const auto missing = taken.create_instance<ICalculator2>("Not.Registered");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message(), Catch::Contains("Not.Registered"));
}

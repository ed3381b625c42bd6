// ucom beside its peers and baselines, in one process run, on one workload: an object of
// eight interfaces in a module loaded at run time. For each operation (a call, a reference
// count, an interface query that hits the first or the eighth interface or misses, creating
// an object of a loaded module) it prints ucom's time, each peer's and baseline's, and the
// ratio ucom / peer of the fastest and of the median repetitions (1.00: as fast; above:
// ucom is slower). Peers whose Debian packages were missing at configure time, or whose
// module does not load, are listed under the table with the reason.
//   --compare_iterations=N      every benchmark runs N iterations once (for callgrind)
//   --compare_instructions=FILE adds a column of instructions per operation: lines "name count"
// docs/performance.md explains each row; scripts/bench.sh builds and runs it.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <ucom/runtime.hpp>

#include "baselines.hpp"
#include "command_line.hpp"
#include "comparison.hpp"
#include "eight.h"
#include "peers/cxx_eight.hpp"
#include "plugin_registry.hpp"
#include "repetition_reporter.hpp"

namespace {

constexpr const char *eight_plugin = UCOM_BENCH_EIGHT_PLUGIN;
constexpr const char *cxx_module = UCOM_BENCH_CXX_MODULE;

// ---- ucom: Bench.Eight from its plugin, through the runtime ----

struct ucom_fixture {
    ucom::runtime runtime;
    ucom::com_ptr<IEight0> object; // the object the calls, counts and queries use
};

void call(benchmark::State &state, const ucom_fixture &fx)
{
    IEight0 *p = fx.object.get();
    benchmark::DoNotOptimize(p);
    int32_t value = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->Number0(&value));
    }
}

void add_ref_release(benchmark::State &state, const ucom_fixture &fx)
{
    IEight0 *p = fx.object.get();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->AddRef());
        benchmark::DoNotOptimize(p->Release());
    }
}

// QueryInterface and the caller's Release of what it returned (a hit); a miss returns nothing.
void query(benchmark::State &state, const ucom_fixture &fx, const IID &iid)
{
    IEight0 *p = fx.object.get();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        void *out = nullptr;
        benchmark::DoNotOptimize(p->QueryInterface(&iid, &out));
        if (out != nullptr) {
            static_cast<IUnknown *>(out)->Release();
        }
    }
}

template <class Name>
void create_call_release(benchmark::State &state, const ucom_fixture &fx, const Name &name)
{
    for (auto _ : state) {
        const auto object = fx.runtime.create_instance<IEight0>(name);
        if (!object) {
            state.SkipWithError(object.error().to_string().c_str());
            break;
        }
        int32_t value = 0;
        benchmark::DoNotOptimize((*object)->Number0(&value));
    }
}

std::optional<ucom_fixture> open_ucom(bench::comparison &run, const bench::temp_folder &folder)
{
    const auto registry = folder.path() / "eight.toml";
    if (auto written = bench::write_plugin_registry(registry, eight_plugin); !written) {
        run.skip("ucom", written.error().to_string());
        return std::nullopt;
    }
    auto runtime = ucom::runtime::open({registry.string()});
    if (!runtime) {
        run.skip("ucom", runtime.error().to_string());
        return std::nullopt;
    }
    auto object = runtime->create_instance<IEight0>(ucom::guid(CLSID_Eight));
    if (!object) {
        run.skip("ucom", object.error().to_string());
        return std::nullopt;
    }
    return ucom_fixture{std::move(*runtime), std::move(*object)};
}

void add_ucom_benchmarks(bench::comparison &run, const ucom_fixture &fx)
{
    run.add("ucom_call", [&fx](benchmark::State &state) { call(state, fx); });
    run.add("ucom_add_ref_release", [&fx](benchmark::State &state) { add_ref_release(state, fx); });
    run.add("ucom_query_hit_1st", [&fx](benchmark::State &state) { query(state, fx, IID_IEight0); });
    run.add("ucom_query_hit_8th", [&fx](benchmark::State &state) { query(state, fx, IID_IEight7); });
    // The other six positions: a hash costs the same at each (ucom only, beside the 1st).
    const IID *const middle[] = {&IID_IEight1, &IID_IEight2, &IID_IEight3, &IID_IEight4, &IID_IEight5, &IID_IEight6};
    for (std::size_t i = 0; i < std::size(middle); ++i) {
        run.add(fmt::format("ucom_query_hit_{}", i + 2),
                [&fx, iid = middle[i]](benchmark::State &state) { query(state, fx, *iid); });
    }
    run.add("ucom_query_miss", [&fx](benchmark::State &state) { query(state, fx, IID_IClassFactory); });
    run.add("ucom_create_by_clsid",
            [&fx](benchmark::State &state) { create_call_release(state, fx, ucom::guid(CLSID_Eight)); });
    run.add("ucom_create_by_progid", [&fx](benchmark::State &state) { create_call_release(state, fx, "Bench.Eight"); });
}

// ---- Baselines: the same object in plain C++ from a dlopen'ed module, and in-process ones ----

struct cxx_fixture {
    void *module = nullptr; // never closed: the benchmarks' objects come from it
    bench::cxx::create_fn *create = nullptr;
    bench::cxx::number_fn *number = nullptr;
    std::shared_ptr<bench::cxx::root> object; // the object the calls, copies and casts use
};

std::optional<cxx_fixture> open_cxx(bench::comparison &run)
{
    cxx_fixture fx;
    fx.module = ::dlopen(cxx_module, RTLD_NOW | RTLD_LOCAL);
    if (fx.module == nullptr) {
        run.skip("C++ baselines", ::dlerror());
        return std::nullopt;
    }
    fx.create = reinterpret_cast<bench::cxx::create_fn *>(::dlsym(fx.module, bench::cxx::create_symbol));
    fx.number = reinterpret_cast<bench::cxx::number_fn *>(::dlsym(fx.module, bench::cxx::number_symbol));
    if (fx.create == nullptr || fx.number == nullptr) {
        run.skip("C++ baselines", "the module lacks its exports");
        return std::nullopt;
    }
    fx.object.reset(dynamic_cast<bench::cxx::root *>(fx.create()));
    return fx;
}

void virtual_call(benchmark::State &state, const cxx_fixture &fx)
{
    auto *p = dynamic_cast<bench::cxx::number<0> *>(fx.object.get());
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->value());
    }
}

void dlsym_function_call(benchmark::State &state, const cxx_fixture &fx)
{
    bench::cxx::number_fn *number = fx.number;
    benchmark::DoNotOptimize(number);
    for (auto _ : state) {
        benchmark::DoNotOptimize(number());
    }
}

// dynamic_cast from the root to an interface: a cross cast whose type_info comes from the module.
template <int K>
void dynamic_cast_to(benchmark::State &state, const cxx_fixture &fx)
{
    bench::cxx::root *p = fx.object.get();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(dynamic_cast<bench::cxx::number<K> *>(p));
    }
}

void factory_call_delete(benchmark::State &state, const cxx_fixture &fx)
{
    bench::cxx::create_fn *create = fx.create;
    benchmark::DoNotOptimize(create);
    for (auto _ : state) {
        const std::unique_ptr<bench::cxx::number<0>> object(create());
        benchmark::DoNotOptimize(object->value());
    }
}

// A copy made and dropped while another thread lives: libstdc++ counts with atomics only
// once a process has started a thread (__libc_single_threaded).
void shared_ptr_copy(benchmark::State &state, const cxx_fixture &fx)
{
    std::promise<void> stop;
    std::thread other([done = stop.get_future()] { done.wait(); });
    for (auto _ : state) {
        std::shared_ptr<bench::cxx::root> copy = fx.object;
        benchmark::DoNotOptimize(copy);
    }
    stop.set_value();
    other.join();
}

// The loop alone, subtracted from every row's instruction count. Its body is an empty asm
// statement: with nothing at all in it, the compiler removes the loop.
void empty_loop(benchmark::State &state)
{
    for (auto _ : state) {
        benchmark::ClobberMemory();
    }
}

void add_baselines(bench::comparison &run, const cxx_fixture &fx)
{
    run.add("cxx_virtual_call", [&fx](benchmark::State &state) { virtual_call(state, fx); });
    run.add("dlsym_function_call", [&fx](benchmark::State &state) { dlsym_function_call(state, fx); });
    run.add("cxx_dynamic_cast_1st", [&fx](benchmark::State &state) { dynamic_cast_to<0>(state, fx); });
    run.add("cxx_dynamic_cast_8th", [&fx](benchmark::State &state) { dynamic_cast_to<7>(state, fx); });
    run.add("cxx_dynamic_cast_miss", [&fx](benchmark::State &state) { dynamic_cast_to<8>(state, fx); });
    run.add("cxx_factory_call_delete", [&fx](benchmark::State &state) { factory_call_delete(state, fx); });
    run.add("shared_ptr_copy_threaded", [&fx](benchmark::State &state) { shared_ptr_copy(state, fx); });
}

// ---- The table ----

struct contender {
    const char *label;
    const char *benchmark;
};

struct operation {
    const char *label;
    contender ucom;
    std::vector<contender> others;
};

const std::vector<operation> &operations()
{
    static const std::vector<operation> table = {
        {"call: one method, an int32 out",
         {"ucom: IEight0::Number0, object from a plugin", "ucom_call"},
         {{"C++ virtual call into a dlopen'ed library", "cxx_virtual_call"},
          {"function pointer from dlsym", "dlsym_function_call"},
          {"UNO: XNumber0::number0 through Reference", "uno_call"}}},
        {"reference count: one more, one less",
         {"ucom: AddRef + Release", "ucom_add_ref_release"},
         {{"atomic increment + decrement (in-process)", "atomic_pair"},
          {"std::shared_ptr copy, a second thread alive", "shared_ptr_copy_threaded"},
          {"UNO: acquire + release", "uno_acquire_release"}}},
        {"interface query, hit, 1st of 8",
         {"ucom: QueryInterface + Release", "ucom_query_hit_1st"},
         {{"dynamic_cast across the module boundary", "cxx_dynamic_cast_1st"},
          {"Qt: qobject_cast", "qt_cast_hit_1st"},
          {"UNO: Reference(UNO_QUERY) + release", "uno_query_hit_1st"}}},
        {"interface query, hit, 8th of 8",
         {"ucom: QueryInterface + Release", "ucom_query_hit_8th"},
         {{"dynamic_cast across the module boundary", "cxx_dynamic_cast_8th"},
          {"Qt: qobject_cast", "qt_cast_hit_8th"},
          {"UNO: Reference(UNO_QUERY) + release", "uno_query_hit_8th"}}},
        {"interface query, hit, every position: ucom / ucom at the 1st",
         {"ucom: QueryInterface + Release, 1st of 8", "ucom_query_hit_1st"},
         {{"ucom: the same, 2nd of 8", "ucom_query_hit_2"},
          {"ucom: the same, 3rd of 8", "ucom_query_hit_3"},
          {"ucom: the same, 4th of 8", "ucom_query_hit_4"},
          {"ucom: the same, 5th of 8", "ucom_query_hit_5"},
          {"ucom: the same, 6th of 8", "ucom_query_hit_6"},
          {"ucom: the same, 7th of 8", "ucom_query_hit_7"}}},
        {"interface query, miss",
         {"ucom: QueryInterface", "ucom_query_miss"},
         {{"dynamic_cast across the module boundary", "cxx_dynamic_cast_miss"},
          {"Qt: qobject_cast", "qt_cast_miss"},
          {"UNO: Reference(UNO_QUERY)", "uno_query_miss"}}},
        {"create an object of a loaded module, call, release",
         {"ucom: create_instance by CLSID", "ucom_create_by_clsid"},
         {{"ucom: create_instance by ProgID", "ucom_create_by_progid"},
          {"factory from dlsym: new + virtual call + delete", "cxx_factory_call_delete"},
          {"Boost.DLL: import_symbol + the same", "boost_import_call_delete"},
          {"Qt: QPluginLoader::instance + qobject_cast + call", "qt_instance_call"},
          {"UNO: createInstanceWithContext + query + call", "uno_create_call"}}},
    };
    return table;
}

// "name count" lines, as scripts/bench-instructions.sh writes them.
std::map<std::string, double> read_instructions(const std::string &file)
{
    std::map<std::string, double> counts;
    std::ifstream in(file);
    std::string name;
    double count = 0.0;
    while (in >> name >> count) {
        counts[name] = count;
    }
    return counts;
}

std::string time_text(double ns)
{
    return ns > 0.0 ? fmt::format("{:.2f}", ns) : std::string("-");
}

std::string ratio_text(double ucom, double other)
{
    return ucom > 0.0 && other > 0.0 ? fmt::format("{:.2f}", ucom / other) : std::string("-");
}

void print_table(const bench::repetition_reporter &reporter, const std::map<std::string, double> &instructions,
                 const std::vector<std::string> &skipped)
{
    fmt::print("\n{:<52} {:>9} {:>9} {:>9} {:>12} {:>12}\n", "operation / implementation (CPU time, same run)",
               "fastest", "median", "instr/op", "ucom/this", "ucom/this");
    fmt::print("{:<52} {:>9} {:>9} {:>9} {:>12} {:>12}\n", "", "ns", "ns", "", "fastest", "median");
    const auto row = [&](const contender &c, const contender &ucom) {
        const auto counted = instructions.find(c.benchmark);
        const bool is_ucom = c.benchmark == ucom.benchmark;
        fmt::print("  {:<50} {:>9} {:>9} {:>9} {:>12} {:>12}\n", c.label, time_text(reporter.fastest_ns(c.benchmark)),
                   time_text(reporter.median_ns(c.benchmark)),
                   counted != instructions.end() ? fmt::format("{:.0f}", counted->second) : std::string("-"),
                   is_ucom ? "" : ratio_text(reporter.fastest_ns(ucom.benchmark), reporter.fastest_ns(c.benchmark)),
                   is_ucom ? "" : ratio_text(reporter.median_ns(ucom.benchmark), reporter.median_ns(c.benchmark)));
    };
    for (const operation &op : operations()) {
        fmt::print("{}\n", op.label);
        row(op.ucom, op.ucom);
        for (const contender &other : op.others) {
            row(other, op.ucom);
        }
    }
    for (const std::string &reason : skipped) {
        fmt::print("skipped: {}\n", reason);
    }
}

std::optional<long> integer(const std::optional<std::string> &text)
{
    long value = 0;
    if (!text || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc{} || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace

int main(int argc, char **argv)
{
    bench::command_line args(argc, argv, {"--benchmark_repetitions=7", "--benchmark_min_time=0.05"});
    const std::optional<long> iterations = integer(args.take("--compare_iterations"));
    const std::optional<std::string> instructions = args.take("--compare_instructions");
    if (!args.initialize()) {
        return 1;
    }
    std::optional<bench::temp_folder> folder = bench::temp_folder::create("ucom_compare_bench");
    if (!folder) {
        return 1;
    }

    bench::comparison run(iterations);
    run.add("empty_loop", empty_loop);
    run.add("atomic_pair", bench::atomic_pair);
    const std::optional<ucom_fixture> ucom = open_ucom(run, *folder);
    if (ucom) {
        add_ucom_benchmarks(run, *ucom);
    }
    const std::optional<cxx_fixture> cxx = open_cxx(run);
    if (cxx) {
        add_baselines(run, *cxx);
    }
    bench::add_qt_benchmarks(run);
    bench::add_boost_benchmarks(run);
    bench::add_uno_benchmarks(run);

    bench::repetition_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    print_table(reporter, instructions ? read_instructions(*instructions) : std::map<std::string, double>{},
                run.skipped());
    return 0;
}

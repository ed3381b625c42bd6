// The object model's hot paths — method call, AddRef+Release, QueryInterface hit and miss,
// calls through the C++ projection — each beside its baseline from the same run (a C++
// virtual call, a bare atomic pair, the raw vtable call), then a table of ratios against
// the targets. Each benchmark repeats (7 times unless --benchmark_repetitions says otherwise);
// the table judges the fastest repetition of each, the figure least disturbed by a shared
// machine, and shows the median's ratio beside it.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <ucom/com_ptr.hpp>
#include <ucom/task_memory.hpp>

#include "baselines.hpp"
#include "calculator.hpp"
#include "calculator_client.hpp"
#include "command_line.hpp"
#include "numbered_interface.hpp"
#include "repetition_reporter.hpp"

namespace {

using eight = test::numbered_object<0, 1, 2, 3, 4, 5, 6, 7>;

void baseline_virtual_call(benchmark::State &state)
{
    const std::unique_ptr<bench::virtual_number> object(bench::make_virtual_number());
    bench::virtual_number *p = object.get();
    benchmark::DoNotOptimize(p);
    int32_t value = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->number(&value));
    }
}

void method_call_through_com_ptr(benchmark::State &state)
{
    ucom::com_ptr<INumbered<0>> p = ucom::make<eight>();
    benchmark::DoNotOptimize(p);
    int32_t value = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->Number(&value));
    }
}

void add_ref_release(benchmark::State &state)
{
    ucom::com_ptr<INumbered<0>> p = ucom::make<eight>();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->AddRef());
        benchmark::DoNotOptimize(p->Release());
    }
}

// The same through generated glue, whose Release slot is libucom's ucom_object_release (exact
// unloading); the objects above have glue written by hand with the module's own Release.
void add_ref_release_generated_glue(benchmark::State &state)
{
    ucom::com_ptr<ICalculator2> p = ucom::make<example::calculator>();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->AddRef());
        benchmark::DoNotOptimize(p->Release());
    }
}

// QueryInterface that finds the interface, with its AddRef, and the caller's Release.
template <int K>
void query_interface_hit(benchmark::State &state)
{
    ucom::com_ptr<INumbered<0>> p = ucom::make<eight>();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        void *out = nullptr;
        benchmark::DoNotOptimize(p->QueryInterface(&ucom::iid_of<INumbered<K>>, &out));
        static_cast<INumbered<K> *>(out)->Release();
    }
}

void query_interface_miss(benchmark::State &state)
{
    ucom::com_ptr<INumbered<0>> p = ucom::make<eight>();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        void *out = nullptr;
        benchmark::DoNotOptimize(p->QueryInterface(&IID_IClassFactory, &out));
        benchmark::DoNotOptimize(out);
    }
}

// The calculator in C++ types: the glue converts (nothing, for scalars) and stores the
// [retval]. Describe returns a view of static text, so that its cost is the projection's
// own: one task allocation and one copy, as example::calculator's raw Describe makes.
class projected_calculator : public ucom::implements<projected_calculator, ICalculator2, IDescribe> {
public:
    int32_t Add(int32_t a, int32_t b) { return a + b; }
    int32_t Divide(int32_t dividend, int32_t divisor) { return dividend / divisor; }
    int32_t Multiply(int32_t a, int32_t b) { return a * b; }
    std::string_view Describe() { return "a calculator of 32-bit integers (ICalculator2, IDescribe)"; }
};

// The same with the raw signatures: the checks an implementer of the raw form writes.
class raw_calculator : public ucom::implements<raw_calculator, ICalculator2, IDescribe> {
public:
    HRESULT Add(int32_t a, int32_t b, int32_t *sum) { return sum != nullptr ? (*sum = a + b, S_OK) : E_POINTER; }
    HRESULT Divide(int32_t dividend, int32_t divisor, int32_t *quotient)
    {
        return quotient != nullptr ? (*quotient = dividend / divisor, S_OK) : E_POINTER;
    }
    HRESULT Multiply(int32_t a, int32_t b, int32_t *product)
    {
        return product != nullptr ? (*product = a * b, S_OK) : E_POINTER;
    }
    HRESULT Describe(char **text)
    {
        if (text == nullptr) {
            return E_POINTER;
        }
        *text = ucom::task_strdup("a calculator of 32-bit integers (ICalculator2, IDescribe)");
        return S_OK;
    }
};

// The raw vtable call into a class with the raw signature, checking the HRESULT.
void raw_scalar_call(benchmark::State &state)
{
    const ucom::com_ptr<ICalculator2> p = ucom::make<raw_calculator>();
    benchmark::DoNotOptimize(p);
    int32_t sum = 0;
    for (auto _ : state) {
        if (FAILED(p->Add(20, 22, &sum))) {
            state.SkipWithError("Add failed");
        }
        benchmark::DoNotOptimize(sum);
    }
}

// ucom::client's Add (throws on failure) into a class written in C++ types.
void projected_scalar_call(benchmark::State &state)
{
    const ucom::client<ICalculator2> calc(ucom::make<projected_calculator>());
    benchmark::DoNotOptimize(calc);
    for (auto _ : state) {
        benchmark::DoNotOptimize(calc.Add(20, 22));
    }
}

// The raw string return: the callee's task_strdup, the caller's ucom_free; with Copy, the
// caller also copies it into a std::string, as a raw caller that wants one writes it.
template <bool Copy>
void raw_string_return(benchmark::State &state)
{
    const ucom::com_ptr<IDescribe> p = ucom::make<raw_calculator, IDescribe>();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        char *text = nullptr;
        if (FAILED(p->Describe(&text))) {
            state.SkipWithError("Describe failed");
        }
        if constexpr (Copy) {
            const std::string copy(text);
            benchmark::DoNotOptimize(copy.data());
        } else {
            benchmark::DoNotOptimize(text);
        }
        ucom_free(text);
    }
}

// Through the projection into a task_string: the callee's one allocation and copy, no copy
// on the caller's side.
void projected_string_to_task_string(benchmark::State &state)
{
    const ucom::client<IDescribe> calc(ucom::make<projected_calculator, IDescribe>());
    benchmark::DoNotOptimize(calc);
    for (auto _ : state) {
        const ucom::task_string text = calc.Describe<ucom::task_string>();
        benchmark::DoNotOptimize(text.get());
    }
}

// Through the projection into a std::string: one more allocation and copy, the caller's.
void projected_string_to_std_string(benchmark::State &state)
{
    const ucom::client<IDescribe> calc(ucom::make<projected_calculator, IDescribe>());
    benchmark::DoNotOptimize(calc);
    for (auto _ : state) {
        const std::string text = calc.Describe();
        benchmark::DoNotOptimize(text.data());
    }
}

BENCHMARK(baseline_virtual_call);
BENCHMARK(method_call_through_com_ptr);
BENCHMARK(bench::atomic_pair)->Name("baseline_atomic_pair");
BENCHMARK(add_ref_release);
BENCHMARK(add_ref_release_generated_glue);
BENCHMARK_TEMPLATE(query_interface_hit, 0);
BENCHMARK_TEMPLATE(query_interface_hit, 7);
BENCHMARK(query_interface_miss);
BENCHMARK(raw_scalar_call);
BENCHMARK(projected_scalar_call);
BENCHMARK_TEMPLATE(raw_string_return, false);
BENCHMARK_TEMPLATE(raw_string_return, true);
BENCHMARK(projected_string_to_task_string);
BENCHMARK(projected_string_to_std_string);

struct ratio_row {
    const char *label;
    const char *measured;
    const char *baseline;
    double target; // at most
};

void print_ratios(const bench::repetition_reporter &reporter)
{
    const ratio_row rows[] = {
        {"method call through com_ptr / C++ virtual call", "method_call_through_com_ptr", "baseline_virtual_call",
         1.05},
        {"AddRef+Release / atomic increment+decrement", "add_ref_release", "baseline_atomic_pair", 1.4},
        {"AddRef+Release via libucom / atomic pair", "add_ref_release_generated_glue", "baseline_atomic_pair",
         1.4},
        {"QI hit, 1st of 8 interfaces / AddRef+Release", "query_interface_hit<0>", "add_ref_release", 1.4},
        {"QI hit, 8th of 8 interfaces / AddRef+Release", "query_interface_hit<7>", "add_ref_release", 1.4},
        {"QI miss / AddRef+Release", "query_interface_miss", "add_ref_release", 0.5},
        {"projected call, scalars / raw vtable call", "projected_scalar_call", "raw_scalar_call", 1.05},
        {"projected string into task_string / raw", "projected_string_to_task_string", "raw_string_return<false>",
         1.1},
        // Exactly one copy on the caller's side: the same as a raw caller copying into a std::string.
        {"projected string into std::string / raw + copy", "projected_string_to_std_string",
         "raw_string_return<true>", 1.1},
    };
    fmt::print("\n{:<50} {:>9} {:>9} {:>7} {:>8} {:>8}\n", "ratio (fastest CPU time of each, same run)", "ns",
               "base ns", "ratio", "median", "target");
    const auto ratio = [](double measured, double baseline) { return baseline > 0.0 ? measured / baseline : 0.0; };
    for (const ratio_row &row : rows) {
        const double measured = reporter.fastest_ns(row.measured);
        const double baseline = reporter.fastest_ns(row.baseline);
        const double fastest = ratio(measured, baseline);
        fmt::print("{:<50} {:>9.2f} {:>9.2f} {:>7.2f} {:>8.2f} {:>6}{:.2f} {}\n", row.label, measured, baseline, fastest,
                   ratio(reporter.median_ns(row.measured), reporter.median_ns(row.baseline)), "<= ", row.target,
                   fastest <= row.target ? "met" : "MISSED");
    }
}

} // namespace

int main(int argc, char **argv)
{
    bench::command_line args(argc, argv, {"--benchmark_repetitions=7"});
    if (!args.initialize()) {
        return 1;
    }
    bench::repetition_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    print_ratios(reporter);
    return 0;
}

// Boost.DLL's part of the comparison: the plain C++ module's factory imported by name
// (boost::dll::import_symbol, or boost::dll::import before Boost 1.76), which opens the
// library again (a reference on the loaded one) and finds the symbol, then the object made,
// called and deleted as the C++ baseline does.
#include <memory>

#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>
#include <boost/version.hpp>

#include "../comparison.hpp"
#include "cxx_eight.hpp"

namespace bench {
namespace {

auto import_factory()
{
#if BOOST_VERSION >= 107600
    return boost::dll::import_symbol<cxx::create_fn>(UCOM_BENCH_CXX_MODULE, cxx::create_symbol);
#else
    return boost::dll::import<cxx::create_fn>(UCOM_BENCH_CXX_MODULE, cxx::create_symbol);
#endif
}

void import_call_delete(benchmark::State &state)
{
    for (auto _ : state) {
        const auto create = import_factory();
        const std::unique_ptr<cxx::number<0>> object(create());
        benchmark::DoNotOptimize(object->value());
    }
}

} // namespace

void add_boost_benchmarks(comparison &run)
{
    // Loaded once for the whole run, so that each import finds the library loaded (warm).
    static boost::dll::shared_library module;
    boost::system::error_code failed;
    module.load(UCOM_BENCH_CXX_MODULE, failed);
    if (failed) {
        run.skip("Boost.DLL", failed.message());
        return;
    }
    run.add("boost_import_call_delete", import_call_delete);
}

} // namespace bench

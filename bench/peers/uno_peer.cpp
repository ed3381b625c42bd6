// UNO's part of the comparison: a component context bootstrapped from the comparison's own
// types and services (bench/peers/uno), its service manager creating ucombench.Eight from
// its component library, and the object's interfaces reached with Reference(x, UNO_QUERY),
// which calls queryInterface and acquires what it finds.
#include <com/sun/star/lang/XMultiComponentFactory.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <ucombench/XNumber0.hpp>
#include <ucombench/XNumber7.hpp>

#include "../comparison.hpp"

namespace bench {
namespace {

namespace uno = css::uno;

struct uno_fixture {
    uno::Reference<uno::XComponentContext> context;
    uno::Reference<css::lang::XMultiComponentFactory> factory;
    uno::Reference<uno::XInterface> object;
    uno::Reference<ucombench::XNumber0> number;
};

uno::Reference<uno::XInterface> create(const uno_fixture &fx)
{
    return fx.factory->createInstanceWithContext("ucombench.Eight", fx.context);
}

void call(benchmark::State &state, const uno_fixture &fx)
{
    ucombench::XNumber0 *p = fx.number.get();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        benchmark::DoNotOptimize(p->number0());
    }
}

void acquire_release(benchmark::State &state, const uno_fixture &fx)
{
    ucombench::XNumber0 *p = fx.number.get();
    benchmark::DoNotOptimize(p);
    for (auto _ : state) {
        p->acquire();
        p->release();
    }
}

template <class Interface>
void query(benchmark::State &state, const uno_fixture &fx)
{
    for (auto _ : state) {
        const uno::Reference<Interface> found(fx.object, uno::UNO_QUERY);
        benchmark::DoNotOptimize(found.get());
    }
}

void create_call(benchmark::State &state, const uno_fixture &fx)
{
    for (auto _ : state) {
        const uno::Reference<ucombench::XNumber0> number(create(fx), uno::UNO_QUERY);
        if (!number.is()) {
            state.SkipWithError("ucombench.Eight was not created");
            break;
        }
        benchmark::DoNotOptimize(number->number0());
    }
}

} // namespace

void add_uno_benchmarks(comparison &run)
{
    // Never destroyed: the URE tears down its own state at exit, and a context released
    // after that, from a static destructor, would call into it.
    static uno_fixture &fx = *new uno_fixture();
    try {
        fx.context = cppu::defaultBootstrap_InitialComponentContext(UCOM_BENCH_UNO_INI);
        fx.factory = fx.context->getServiceManager();
        fx.object = create(fx);
        fx.number.set(fx.object, uno::UNO_QUERY);
    } catch (const uno::Exception &e) {
        run.skip("UNO", e.Message.toUtf8().getStr());
        return;
    }
    if (!fx.number.is()) {
        run.skip("UNO", "ucombench.Eight was not created or has no XNumber0");
        return;
    }
    run.add("uno_call", [](benchmark::State &state) { call(state, fx); });
    run.add("uno_acquire_release", [](benchmark::State &state) { acquire_release(state, fx); });
    run.add("uno_query_hit_1st", [](benchmark::State &state) { query<ucombench::XNumber0>(state, fx); });
    run.add("uno_query_hit_8th", [](benchmark::State &state) { query<ucombench::XNumber7>(state, fx); });
    run.add("uno_query_miss", [](benchmark::State &state) { query<css::lang::XServiceInfo>(state, fx); });
    run.add("uno_create_call", [](benchmark::State &state) { create_call(state, fx); });
}

} // namespace bench

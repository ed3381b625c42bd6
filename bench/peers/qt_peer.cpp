// Qt's part of the comparison: its plugin (qt_plugin.cpp) loaded by QPluginLoader, its root
// object's interfaces found with qobject_cast (moc's qt_metacast, which compares the
// interface's IID string with each one the class declares, in order).
#include <QPluginLoader>

#include "../comparison.hpp"
#include "qt_eight.hpp"

namespace bench {
namespace {

template <class Interface>
void cast(benchmark::State &state, QObject *root)
{
    benchmark::DoNotOptimize(root);
    for (auto _ : state) {
        benchmark::DoNotOptimize(qobject_cast<Interface *>(root));
    }
}

// What a Qt host does to reach a plugin's object: the loader's (cached) instance, the
// interface, one call.
void instance_call(benchmark::State &state, QPluginLoader &loader)
{
    for (auto _ : state) {
        auto *number = qobject_cast<QtNumber0 *>(loader.instance());
        if (number == nullptr) {
            state.SkipWithError("the Qt plugin's instance has no QtNumber0");
            break;
        }
        benchmark::DoNotOptimize(number->number());
    }
}

} // namespace

void add_qt_benchmarks(comparison &run)
{
    static QPluginLoader loader(UCOM_BENCH_QT_PLUGIN); // kept loaded for the whole run
    QObject *root = loader.instance();
    if (root == nullptr) {
        run.skip("Qt", loader.errorString().toStdString());
        return;
    }
    run.add("qt_cast_hit_1st", [root](benchmark::State &state) { cast<QtNumber0>(state, root); });
    run.add("qt_cast_hit_8th", [root](benchmark::State &state) { cast<QtNumber7>(state, root); });
    run.add("qt_cast_miss", [root](benchmark::State &state) { cast<QtAbsent>(state, root); });
    run.add("qt_instance_call", [](benchmark::State &state) { instance_call(state, loader); });
}

} // namespace bench

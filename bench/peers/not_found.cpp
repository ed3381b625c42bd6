// The peers CMake did not find: each says so under the table (docs/performance.md lists the
// Debian packages; scripts/bench.sh installs them).
#include "../comparison.hpp"

namespace bench {

#ifndef UCOM_BENCH_HAVE_QT
void add_qt_benchmarks(comparison &run)
{
    run.skip("Qt", "not built: CMake found no Qt5 Core at configure time (Debian: qtbase5-dev)");
}
#endif

#ifndef UCOM_BENCH_HAVE_BOOST_DLL
void add_boost_benchmarks(comparison &run)
{
    run.skip("Boost.DLL", "not built: CMake found no Boost filesystem at configure time (Debian: libboost-dev, "
                          "libboost-filesystem-dev)");
}
#endif

#if defined(UCOM_BENCH_UNO_SANITIZED)
void add_uno_benchmarks(comparison &run)
{
    run.skip("UNO", "not built under AddressSanitizer: the URE's bootstrap leaks, which LeakSanitizer reports");
}
#elif !defined(UCOM_BENCH_HAVE_UNO)
void add_uno_benchmarks(comparison &run)
{
    run.skip("UNO", "not built: CMake found no LibreOffice SDK at configure time (Debian: libreoffice-dev)");
}
#endif

} // namespace bench

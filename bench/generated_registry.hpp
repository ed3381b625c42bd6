// The registry files the activation benchmark loads: a given number of classes with
// distinct CLSIDs and ProgIDs, one module per ten classes and two interfaces per module,
// deterministic (same count, same entries). Nothing in them is ever loaded.
#pragma once

#include <string>

#include <ucom/guid.hpp>
#include <ucom/registry/model.hpp>

namespace bench {

constexpr int classes_per_module = 10;
constexpr int interfaces_per_module = 2;

// Class `index`'s CLSID: random-looking, as real CLSIDs are, but the same every run.
ucom::guid generated_clsid(int index);
// Class `index`'s ProgID, "Bench.Class00042.1"; its version-independent one drops ".1".
std::string generated_progid(int index);

// `classes` classes, each with a ProgID, a version-independent ProgID, a name, a
// description and its module's two interfaces; modules at relative paths
// ("modules/bench_module_0004.so"), each listing its interfaces with fingerprints.
ucom::registry::registry_file generated_registry(int classes);

} // namespace bench

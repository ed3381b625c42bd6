// Builds the benchmark's registry model: modules, then their interfaces, then their classes.
#include "generated_registry.hpp"

#include <array>
#include <cstdint>

#include <fmt/format.h>

namespace bench {
namespace {

// splitmix64: a well-mixed, reproducible 64-bit value per input.
std::uint64_t mixed(std::uint64_t value)
{
    value += 0x9E3779B97F4A7C15ULL;
    value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31U);
}

// A version 4 GUID from two 64-bit values; `kind` keeps CLSIDs and IIDs apart.
ucom::guid made_guid(std::uint64_t kind, int index)
{
    const std::uint64_t high = mixed((kind << 32U) | static_cast<std::uint32_t>(index));
    const std::uint64_t low = mixed(high);
    std::array<std::uint8_t, 8> tail{};
    for (unsigned i = 0; i < tail.size(); ++i) {
        tail[i] = static_cast<std::uint8_t>(low >> (8U * i));
    }
    tail[0] = static_cast<std::uint8_t>((tail[0] & 0x3FU) | 0x80U); // the RFC 4122 variant
    const auto data3 = static_cast<std::uint16_t>(((high >> 48U) & 0x0FFFU) | 0x4000U);
    return {static_cast<std::uint32_t>(high), static_cast<std::uint16_t>(high >> 32U), data3, tail};
}

constexpr std::uint64_t clsid_kind = 1;
constexpr std::uint64_t iid_kind = 2;

std::string module_path(int module)
{
    return fmt::format("modules/bench_module_{:04}.so", module);
}

} // namespace

ucom::guid generated_clsid(int index)
{
    return made_guid(clsid_kind, index);
}

std::string generated_progid(int index)
{
    return fmt::format("Bench.Class{:05}.1", index);
}

ucom::registry::registry_file generated_registry(int classes)
{
    using namespace ucom::registry;
    registry_file file;
    const int modules = (classes + classes_per_module - 1) / classes_per_module;
    for (int m = 0; m < modules; ++m) {
        module_record module{module_path(m), 1, 0, {}};
        for (int k = 0; k < interfaces_per_module; ++k) {
            const int index = m * interfaces_per_module + k;
            const ucom::guid iid = made_guid(iid_kind, index);
            const std::uint64_t fingerprint = mixed(static_cast<std::uint32_t>(index));
            module.interfaces.push_back({iid, fingerprint});
            file.interfaces.push_back({iid, fmt::format("IBench{:05}", index), fingerprint, {}});
        }
        file.modules.push_back(std::move(module));
    }
    for (int c = 0; c < classes; ++c) {
        const module_record &module = file.modules[static_cast<std::size_t>(c / classes_per_module)];
        class_record record;
        record.clsid = generated_clsid(c);
        record.progid = generated_progid(c);
        record.vi_progid = fmt::format("Bench.Class{:05}", c);
        record.name = fmt::format("Class{:05}", c);
        record.description = fmt::format("generated class {} of {}", c, classes);
        record.module = module.path;
        record.threading = "both";
        for (const module_interface &implemented : module.interfaces) {
            record.interfaces.push_back(implemented.iid);
        }
        file.classes.push_back(std::move(record));
    }
    return file;
}

} // namespace bench

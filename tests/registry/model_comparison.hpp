// Field-by-field equality of registry models, for round-trip checks that do not trust the
// writer they are checking.
#pragma once

#include <tuple>
#include <vector>

#include <ucom/registry/model.hpp>

namespace ucom::registry::test {

// Declared first: the vector overload below finds them by ordinary lookup.
inline bool equal(const guid &a, const guid &b)
{
    return a == b;
}
inline bool equal(const module_record &a, const module_record &b);
inline bool equal(const class_record &a, const class_record &b);
inline bool equal(const interface_record &a, const interface_record &b);

inline bool equal(const module_interface &a, const module_interface &b)
{
    return a.iid == b.iid && a.fingerprint == b.fingerprint && a.contract == b.contract;
}

template <class Record>
bool equal(const std::vector<Record> &a, const std::vector<Record> &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!equal(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

inline bool equal(const module_record &a, const module_record &b)
{
    return std::tie(a.path, a.abi_major, a.abi_minor) == std::tie(b.path, b.abi_major, b.abi_minor) &&
           equal(a.interfaces, b.interfaces);
}

inline bool equal(const class_record &a, const class_record &b)
{
    return std::tie(a.clsid, a.progid, a.vi_progid, a.name, a.description, a.module, a.threading) ==
               std::tie(b.clsid, b.progid, b.vi_progid, b.name, b.description, b.module, b.threading) &&
           equal(a.interfaces, b.interfaces);
}

inline bool equal(const interface_record &a, const interface_record &b)
{
    return std::tie(a.iid, a.name, a.fingerprint, a.description, a.contract) ==
           std::tie(b.iid, b.name, b.fingerprint, b.description, b.contract);
}

inline bool equal(const registry_file &a, const registry_file &b)
{
    return equal(a.modules, b.modules) && equal(a.classes, b.classes) && equal(a.interfaces, b.interfaces);
}

} // namespace ucom::registry::test

// The compatibility check against changes whose verdict is known by construction: random
// API descriptions, one random change each, rendered to IDL and compiled as ucom-idl does.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "api_snapshot_support.hpp"

namespace {

using namespace ucom::idl;

// Base types with distinct ABI spellings (long and int would be the same).
const std::vector<std::string> value_types = {"long", "short", "hyper", "double", "float", "byte"};

struct param {
    std::string type;
    std::string name;
    bool in_out = false; // [in, out] T *name
};
struct method {
    std::string name;
    std::vector<param> params;
    bool helpstring = false;
};
struct interface {
    std::string name;
    std::uint32_t iid = 0; // the first group of the uuid; the rest is fixed
    std::vector<method> methods;
};
struct field {
    std::string type;
    std::string name;
};
struct aggregate {
    std::string name;
    std::vector<field> fields;
};
struct enumeration {
    std::string name;
    std::vector<std::pair<std::string, int>> items;
};

// An API whose names never repeat: every generated name takes the next number.
struct api {
    std::vector<aggregate> structs;
    std::vector<enumeration> enums;
    std::vector<interface> interfaces; // each derives from the one before (the first from IUnknown)
    int next_name = 0;
    std::uint32_t next_iid = 0x10000000;

    std::string fresh(const char *prefix) { return fmt::format("{}{}", prefix, next_name++); }

    [[nodiscard]] std::string render() const
    {
        // IUnknown declared here: 20000 compilations need not parse unknwn.idl each time.
        std::string text = "typedef long HRESULT;\n[object, local, uuid(00000000-0000-0000-C000-000000000046)]\n"
                           "interface IUnknown { HRESULT QueryInterface([in] void *iid, [out] void **object); "
                           "long AddRef(void); long Release(void); }\n";
        for (const auto &s : structs) {
            text += fmt::format("struct {} {{", s.name);
            for (const auto &f : s.fields) {
                text += fmt::format(" {} {};", f.type, f.name);
            }
            text += " };\n";
        }
        for (const auto &e : enums) {
            text += fmt::format("enum {} {{", e.name);
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                text += fmt::format("{} {} = {}", i == 0 ? "" : ",", e.items[i].first, e.items[i].second);
            }
            text += " };\n";
        }
        for (std::size_t i = 0; i < interfaces.size(); ++i) {
            const auto &itf = interfaces[i];
            text += fmt::format("[object, uuid({:08X}-2C4E-4F60-8A71-9B0C1D2E3F00)]\ninterface {} : {} {{\n", itf.iid,
                                itf.name, i == 0 ? "IUnknown" : interfaces[i - 1].name);
            for (const auto &m : itf.methods) {
                text += fmt::format("    {}HRESULT {}(", m.helpstring ? "[helpstring(\"help\")] " : "", m.name);
                for (std::size_t p = 0; p < m.params.size(); ++p) {
                    const auto &pa = m.params[p];
                    text += fmt::format("{}{} {}{}", p == 0 ? "" : ", ", pa.in_out ? "[in, out]" : "[in]", pa.type,
                                        pa.in_out ? " *" + pa.name : " " + pa.name);
                }
                text += ");\n";
            }
            text += "}\n";
        }
        return text;
    }
};

class generator {
public:
    explicit generator(std::uint32_t seed) : random_(seed) {}

    api make()
    {
        api a;
        for (int i = 0, n = pick(1, 3); i < n; ++i) {
            a.structs.push_back(make_struct(a));
        }
        a.enums.push_back(make_enum(a));
        for (int i = 0, n = pick(1, 3); i < n; ++i) {
            add_interface(a);
        }
        return a;
    }

    // Changes `a` once; true when the change must be reported as incompatible.
    bool change(api &a, std::string &what)
    {
        for (;;) {
            switch (pick(0, 17)) {
            // Compatible changes.
            case 0: {
                auto *p = some_param(a);
                if (p == nullptr) {
                    break;
                }
                p->name = a.fresh("renamed");
                what = "a parameter renamed";
                return false;
            }
            case 1:
                some(a.structs).fields.front().name = a.fresh("field");
                what = "a field renamed";
                return false;
            case 2:
                add_interface(a);
                what = "an interface added";
                return false;
            case 3: {
                auto &e = a.enums.front();
                e.items.emplace_back(a.fresh("Item"), e.items.back().second + pick(1, 5));
                what = "an enumerator added";
                return false;
            }
            case 4:
                a.structs.push_back(make_struct(a));
                what = "a struct added";
                return false;
            case 5: {
                auto &m = some(some(a.interfaces).methods);
                if (m.helpstring) {
                    break;
                }
                m.helpstring = true;
                what = "a helpstring added";
                return false;
            }
            case 6:
                if (a.structs.size() < 2) {
                    break;
                }
                std::swap(a.structs[0], a.structs[1]);
                what = "two struct declarations swapped";
                return false;
            // Incompatible changes.
            case 7: {
                auto *p = some_param(a);
                if (p == nullptr) {
                    break;
                }
                p->type = other_type(p->type);
                what = "a parameter retyped";
                return true;
            }
            case 8: {
                auto &itf = some(a.interfaces);
                if (itf.methods.size() < 2) {
                    break;
                }
                auto at = static_cast<std::size_t>(pick(0, static_cast<int>(itf.methods.size()) - 2));
                std::swap(itf.methods[at], itf.methods[at + 1]);
                what = "two methods swapped";
                return true;
            }
            case 9: {
                auto &itf = some(a.interfaces);
                if (itf.methods.size() < 2) {
                    break;
                }
                itf.methods.erase(itf.methods.begin() + pick(0, static_cast<int>(itf.methods.size()) - 1));
                what = "a method removed";
                return true;
            }
            case 10:
                some(a.interfaces).methods.push_back(make_method(a));
                what = "a method appended";
                return true;
            case 11:
                some(a.interfaces).iid = a.next_iid++;
                what = "an IID changed";
                return true;
            case 12: {
                auto &s = some(a.structs);
                if (s.fields.size() < 2) {
                    break;
                }
                s.fields.pop_back();
                what = "a field removed";
                return true;
            }
            case 13: {
                auto &f = some(some(a.structs).fields);
                f.type = other_type(f.type);
                what = "a field retyped";
                return true;
            }
            case 14: {
                auto &item = some(a.enums.front().items);
                item.second = 1000 + a.next_name++;
                what = "an enumerator renumbered";
                return true;
            }
            case 15:
                if (a.interfaces.size() < 2) {
                    break;
                }
                a.interfaces.pop_back();
                what = "the last interface removed";
                return true;
            case 16:
                some(some(a.interfaces).methods).params.push_back(make_param(a));
                what = "a parameter added";
                return true;
            case 17: {
                auto *p = some_param(a);
                if (p == nullptr || p->in_out) {
                    break;
                }
                p->in_out = true;
                what = "a parameter made [in, out]";
                return true;
            }
            default:
                break;
            }
        }
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

    template <class Items>
    auto some(Items &items) -> decltype(items[0])
    {
        return items[static_cast<std::size_t>(pick(0, static_cast<int>(items.size()) - 1))];
    }

    std::string other_type(const std::string &type)
    {
        for (;;) {
            const std::string &candidate = some(value_types);
            if (candidate != type) {
                return candidate;
            }
        }
    }

    param *some_param(api &a)
    {
        auto &m = some(some(a.interfaces).methods);
        return m.params.empty() ? nullptr : &some(m.params);
    }

    param make_param(api &a) { return {some(value_types), a.fresh("p"), false}; }

    method make_method(api &a)
    {
        method m{a.fresh("Method"), {}, false};
        for (int i = 0, n = pick(0, 3); i < n; ++i) {
            m.params.push_back(make_param(a));
        }
        return m;
    }

    void add_interface(api &a)
    {
        interface itf{a.fresh("IThing"), a.next_iid++, {}};
        for (int i = 0, n = pick(1, 4); i < n; ++i) {
            itf.methods.push_back(make_method(a));
        }
        a.interfaces.push_back(std::move(itf));
    }

    aggregate make_struct(api &a)
    {
        aggregate s{a.fresh("Record"), {}};
        for (int i = 0, n = pick(1, 3); i < n; ++i) {
            s.fields.push_back({some(value_types), a.fresh("f")});
        }
        return s;
    }

    enumeration make_enum(api &a)
    {
        enumeration e{a.fresh("Kind"), {}};
        for (int i = 0, n = pick(1, 4); i < n; ++i) {
            e.items.emplace_back(a.fresh("Item"), i * 2);
        }
        return e;
    }

    std::mt19937 random_;
};

// `count` random changes from `seed`: each verdict agrees with how the change was made, and
// both verdicts are exercised many times.
void check_random_changes(std::uint32_t seed, int count)
{
    generator make(seed);
    int compatible = 0;
    int incompatible = 0;
    for (int i = 0; i < count; ++i) {
        api before = make.make();
        api after = before;
        std::string what;
        const bool breaks = make.change(after, what);
        const auto violations = compatibility_violations(api_snapshot_of(before.render()), api_snapshot_of(after.render()));
        if (violations.empty() == breaks) {
            INFO("seed " << seed << ", change " << i << ": " << what << "\nbefore:\n"
                         << before.render() << "after:\n"
                         << after.render());
            for (const auto &line : violations) {
                UNSCOPED_INFO(line);
            }
            FAIL("the check says " << (violations.empty() ? "compatible" : "incompatible"));
        }
        (breaks ? incompatible : compatible) += 1;
    }
    CHECK(compatible > count / 5);
    CHECK(incompatible > count * 2 / 5);
}

} // namespace

// 10,000 changes in all, in four parts so that each stays within the test timeout under the
// sanitizers (and ctest may run them side by side).
TEST_CASE("The compatibility check agrees with random changes of known verdict, part 1 of 4")
{
    check_random_changes(20261207, 2500);
}

TEST_CASE("The compatibility check agrees with random changes of known verdict, part 2 of 4")
{
    check_random_changes(20261208, 2500);
}

TEST_CASE("The compatibility check agrees with random changes of known verdict, part 3 of 4")
{
    check_random_changes(20261209, 2500);
}

TEST_CASE("The compatibility check agrees with random changes of known verdict, part 4 of 4")
{
    check_random_changes(20261210, 2500);
}

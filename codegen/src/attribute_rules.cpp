// The table of known attributes and the check over it (see attribute_rules.hpp).
#include "attribute_rules.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "constant_evaluator.hpp"
#include "spelling.hpp"

namespace ucom::idl {
namespace {

constexpr std::uint16_t bit(place p)
{
    return static_cast<std::uint16_t>(p);
}

// The short names attributes.def uses.
constexpr std::uint16_t any = 0xFFFF;
constexpr std::uint16_t itf = bit(place::interface_);
constexpr std::uint16_t dsp = bit(place::dispinterface);
constexpr std::uint16_t mth = bit(place::method);
constexpr std::uint16_t prm = bit(place::parameter);
constexpr std::uint16_t cls = bit(place::coclass);
constexpr std::uint16_t ent = bit(place::coclass_member);
constexpr std::uint16_t lib = bit(place::library);
constexpr std::uint16_t typ = bit(place::type);
constexpr std::uint16_t fld = bit(place::field);
constexpr std::uint16_t mod = bit(place::module);
constexpr int many = 99;

constexpr std::array rules = {
#define ATTRIBUTE(id, name, places, min, max, arguments, meaning)                                                      \
    attribute_rule{attribute_id::id, name, places, min, max, argument_kind::arguments, attribute_meaning::meaning},
#include "attributes.def"
#undef ATTRIBUTE
};

constexpr bool in_id_order()
{
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (static_cast<std::size_t>(rules[i].id) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_id_order());

std::string_view place_name(place where)
{
    switch (where) {
    case place::interface_:
        return "an interface";
    case place::method:
        return "a method";
    case place::parameter:
        return "a parameter";
    case place::coclass:
        return "a coclass";
    case place::coclass_member:
        return "an interface listed in a coclass";
    case place::library:
        return "a library";
    case place::type:
        return "a type";
    case place::field:
        return "a field";
    case place::module:
        return "a module";
    case place::dispinterface:
        return "a dispinterface";
    case place::enumerator:
        return "an enumerator";
    }
    return "this declaration";
}

std::string arity_text(const attribute_rule &r)
{
    if (r.max_args == 0) {
        return "no arguments";
    }
    if (r.min_args == r.max_args) {
        return r.min_args == 1 ? "one argument" : fmt::format("{} arguments", r.min_args);
    }
    return fmt::format("at least {} argument{}", r.min_args, r.min_args == 1 ? "" : "s");
}

bool is_text(const expr &e)
{
    return e.kind == expr_kind::string || e.kind == expr_kind::uuid;
}

// Checks each argument against its attribute's kind and reports, at the argument, what it
// expected instead.
class argument_checker {
public:
    argument_checker(diagnostics &diags, constant_evaluator &constants) : diags_(diags), constants_(constants) {}

    void check(attribute &a, const attribute_rule &rule)
    {
        for (std::size_t i = 0; i < a.args.size(); ++i) {
            if (!a.args[i]) {
                // Only size_is and its kin leave a position empty: size_is(, n).
                if (rule.arguments != argument_kind::references) {
                    diags_.report(a.location, diag::err_attribute_argument, a.name, "an argument in every position");
                }
                continue;
            }
            check_one(a, rule, i, *a.args[i]);
        }
    }

private:
    void expect(const attribute &a, const expr &arg, std::string_view what)
    {
        diags_.report(arg.location, diag::err_attribute_argument, a.name, what);
    }

    void check_one(const attribute &a, const attribute_rule &rule, std::size_t index, expr &arg)
    {
        switch (rule.arguments) {
        case argument_kind::none:
        case argument_kind::type:
            return; // counted, or parsed as a type
        case argument_kind::integer:
        case argument_kind::constants:
            if (is_text(arg) || arg.kind == expr_kind::floating) {
                expect(a, arg, "an integer constant");
            } else {
                constants_.evaluate(arg);
            }
            return;
        case argument_kind::string:
        case argument_kind::strings:
            if (arg.kind != expr_kind::string) {
                expect(a, arg, "a string");
            }
            return;
        case argument_kind::uuid:
            check_uuid(arg);
            return;
        case argument_kind::version:
            if (!parse_version(arg)) {
                diags_.report(arg.location, diag::err_bad_version, expression(arg));
            }
            return;
        case argument_kind::pointer_kind:
            if (arg.kind != expr_kind::identifier || !contains(pointer_kinds, arg.text)) {
                diags_.report(arg.location, diag::err_bad_pointer_kind, expression(arg));
            }
            return;
        case argument_kind::threading_model:
            if ((arg.kind != expr_kind::identifier && arg.kind != expr_kind::string) ||
                !contains(threading_models, arg.text)) {
                diags_.report(arg.location, diag::err_bad_threading, arg.text);
            }
            return;
        case argument_kind::method_name:
        case argument_kind::identifiers:
        case argument_kind::handle:
            if (arg.kind != expr_kind::identifier) {
                expect(a, arg, "a name");
            }
            return;
        case argument_kind::references:
        case argument_kind::reference:
            if (is_text(arg) || arg.kind == expr_kind::floating) {
                expect(a, arg, "an expression over parameters or fields");
            }
            return;
        case argument_kind::constant:
            return; // any constant: its type is the parameter's business
        case argument_kind::custom:
            if (index == 0) {
                check_uuid(arg);
            }
            return;
        case argument_kind::entry:
            if (arg.kind != expr_kind::string && arg.kind != expr_kind::integer) {
                expect(a, arg, "a string or an ordinal");
            }
            return;
        }
    }

    void check_uuid(const expr &arg)
    {
        bool spelled = arg.kind == expr_kind::uuid || arg.kind == expr_kind::string;
        if (!spelled || !parse_uuid(arg.text)) {
            diags_.report(arg.location, diag::err_bad_uuid, expression(arg));
        }
    }

    template <std::size_t N>
    static bool contains(const std::array<std::string_view, N> &names, const std::string &text)
    {
        return std::find(names.begin(), names.end(), std::string_view(text)) != names.end();
    }

    diagnostics &diags_;
    constant_evaluator &constants_;
};

} // namespace

const attribute_rule *find_rule(std::string_view name)
{
    auto it = std::find_if(rules.begin(), rules.end(), [&](const attribute_rule &r) { return r.name == name; });
    return it != rules.end() ? &*it : nullptr;
}

const attribute_rule &rule_of(attribute_id id)
{
    return rules.at(static_cast<std::size_t>(id));
}

std::optional<version_number> parse_version(const expr &e)
{
    if (e.kind != expr_kind::integer && e.kind != expr_kind::floating) {
        return std::nullopt;
    }
    const std::string_view text = e.text;
    const auto dot = text.find('.');
    const auto number = [](std::string_view digits) -> std::optional<std::uint16_t> {
        std::uint16_t value = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
            return std::nullopt;
        }
        return value;
    };
    auto major = number(text.substr(0, dot));
    auto minor = dot == std::string_view::npos ? std::optional<std::uint16_t>(0) : number(text.substr(dot + 1));
    if (!major || !minor) {
        return std::nullopt;
    }
    return version_number{*major, *minor};
}

void check_attributes(attribute_list &attrs, place where, diagnostics &diags, constant_evaluator &constants)
{
    argument_checker arguments(diags, constants);
    for (auto &a : attrs) {
        const attribute_rule *found = find_rule(a.name);
        if (found == nullptr) {
            diags.report(a.location, diag::err_unknown_attribute, a.name);
            continue;
        }
        if ((found->places & bit(where)) == 0) {
            diags.report(a.location, diag::err_attribute_misplaced, a.name, place_name(where));
            continue;
        }
        int count = static_cast<int>(a.args.size()) + (a.type_arg ? 1 : 0);
        if (count < found->min_args || count > found->max_args || (found->max_args > 0 && !a.has_parens)) {
            diags.report(a.location, diag::err_attribute_arguments, a.name, arity_text(*found));
            continue;
        }
        arguments.check(a, *found);
    }
}

} // namespace ucom::idl

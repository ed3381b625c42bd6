// The resolver's passes, in order: collect names (and report redefinitions), link
// interfaces to their bases, resolve every type, evaluate constants and enumerators, check
// interfaces, methods and parameters, check coclasses and libraries, check that no uuid is
// used twice; then (only without errors) build the model the writers read.
#include "resolve.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "aggregate_checks.hpp"
#include "attribute_rules.hpp"
#include "constant_evaluator.hpp"
#include "packing.hpp"
#include "reserved_names.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

constexpr int max_inheritance_depth = 64;

bool is_forward(const decl &d)
{
    if (const auto *i = as<interface_decl>(&d)) {
        return i->is_forward;
    }
    if (const auto *i = as<dispinterface_decl>(&d)) {
        return i->is_forward;
    }
    if (const auto *c = as<coclass_decl>(&d)) {
        return c->is_forward;
    }
    if (const auto *s = as<struct_decl>(&d)) {
        return !s->is_definition;
    }
    if (const auto *u = as<union_decl>(&d)) {
        return !u->is_definition;
    }
    if (const auto *e = as<enum_decl>(&d)) {
        return !e->is_definition;
    }
    return false;
}

class resolver {
public:
    explicit resolver(compilation &unit) : unit_(unit), diags_(unit.diags), constants_(symbols_, unit.diags) {}

    void run()
    {
        for_each_decl([this](decl &d) { collect(d); });
        link_forward_declarations();
        for_each_decl([this](decl &d) { link_base(d); });
        for_each_decl([this](decl &d) {
            if (auto *i = as<interface_decl>(&d)) {
                check_base_chain(*i);
            }
        });
        for_each_decl([this](decl &d) { resolve_decl_types(d); });
        apply_packing();
        check_repeated_typedefs();
        for_each_decl([this](decl &d) { evaluate_values(d); });
        for_each_decl([this](decl &d) { check(d); });
        check_unique_uuids();
    }

private:
    template <class F>
    void for_each_decl(F &&f)
    {
        for (auto &file : unit_.files) {
            for_each_declaration(file->decls, f);
        }
    }

    // Each file's structs and unions get the packing in effect where C will see them
    // (packing.hpp): directives apply in source order, within their file.
    void apply_packing()
    {
        for (auto &file : unit_.files) {
            pack_tracker packing;
            for_each_declaration(file->decls, [&](decl &d) {
                if (const auto *quote = as<cpp_quote_decl>(&d)) {
                    packing.line(quote->text);
                } else if (auto *s = as<struct_decl>(&d)) {
                    s->pack = packing.current();
                } else if (auto *u = as<union_decl>(&d)) {
                    u->pack = packing.current();
                }
            });
        }
    }

    // ---- names ----

    void declare(std::unordered_map<std::string, decl *> &table, decl &d)
    {
        auto [it, inserted] = table.try_emplace(d.name, &d);
        if (inserted) {
            return;
        }
        decl &previous = *it->second;
        bool same_kind = previous.kind == d.kind;
        if (same_kind && (is_forward(d) || is_forward(previous))) {
            if (is_forward(previous) && !is_forward(d)) {
                it->second = &d; // the definition is what the name means
            }
            return;
        }
        if (same_kind && d.kind == decl_kind::typedef_) {
            // Wine's SDK repeats typedefs across files (dcommon.idl's POINT, UINT32); widl
            // accepts that. Same types are fine; that is known once types are resolved. C sees
            // an imported file's first, though the main file is read first: that one holds.
            auto *first = static_cast<typedef_decl *>(&previous);
            auto *again = static_cast<typedef_decl *>(&d);
            if (again->imported && !first->imported) {
                std::swap(first, again);
                it->second = first;
            }
            repeated_typedefs_.emplace_back(first, again);
            return;
        }
        diags_.report(d.location, diag::err_redefinition, d.name);
        diags_.report(previous.location, diag::note_previous_definition, d.name);
    }

    void collect(decl &d)
    {
        switch (d.kind) {
        case decl_kind::interface_:
        case decl_kind::dispinterface:
        case decl_kind::coclass:
        case decl_kind::typedef_:
        case decl_kind::const_:
        case decl_kind::module:
        case decl_kind::variable:
        case decl_kind::function:
            declare(symbols_.ordinary, d);
            break;
        case decl_kind::struct_:
        case decl_kind::union_:
            declare(symbols_.tags, d);
            break;
        case decl_kind::enum_: {
            declare(symbols_.tags, d);
            auto &e = static_cast<enum_decl &>(d);
            for (std::size_t i = 0; i < e.enumerators.size(); ++i) {
                auto &item = e.enumerators[i];
                auto [it, inserted] = symbols_.enumerators.try_emplace(item.name, enumerator_ref{&e, i});
                if (!inserted || symbols_.ordinary.contains(item.name)) {
                    diags_.report(item.location, diag::err_redefinition, item.name);
                }
            }
            break;
        }
        case decl_kind::library:
            declare(symbols_.libraries, d);
            break;
        default:
            break;
        }
    }

    void link_forward_declarations()
    {
        for_each_decl([this](decl &d) {
            if (auto *i = as<interface_decl>(&d)) {
                auto it = symbols_.ordinary.find(i->name);
                auto *definition = it != symbols_.ordinary.end() ? as<interface_decl>(it->second) : nullptr;
                i->definition = definition != nullptr && !definition->is_forward ? definition : nullptr;
            }
        });
    }

    // ---- interfaces and their bases ----

    void link_base(decl &d)
    {
        auto *itf = as<interface_decl>(&d);
        if (itf == nullptr || itf->is_forward || itf->base_name.empty()) {
            return;
        }
        auto it = symbols_.ordinary.find(itf->base_name);
        if (it == symbols_.ordinary.end()) {
            diags_.report(itf->base_location, diag::err_unknown_interface, itf->base_name);
            return;
        }
        auto *base = as<interface_decl>(it->second);
        if (base == nullptr) {
            diags_.report(itf->base_location, diag::err_not_an_interface, itf->base_name);
            return;
        }
        if (base->is_forward) {
            diags_.report(itf->base_location, diag::err_base_only_forward, itf->base_name);
            return;
        }
        itf->base = base;
    }

    // Walks the base chain. A cycle is reported on each interface that is part of it (a chain
    // that merely leads into a cycle is left to those), and cut so later passes terminate.
    void check_base_chain(interface_decl &itf)
    {
        std::set<const interface_decl *> seen{&itf};
        int depth = 0;
        for (const auto *current = itf.base; current != nullptr; current = current->base) {
            if (current == &itf) {
                diags_.report(itf.location, diag::err_inheritance_cycle, itf.name);
                itf.base = nullptr;
                return;
            }
            if (!seen.insert(current).second) {
                return;
            }
            if (++depth > max_inheritance_depth) {
                diags_.report(itf.location, diag::err_inheritance_too_deep, itf.name, max_inheritance_depth);
                itf.base = nullptr;
                return;
            }
        }
    }

    // ---- types ----

    void resolve_type(type &t, std::string_view what)
    {
        switch (t.kind) {
        case type_kind::builtin:
            return;
        case type_kind::pointer:
            ++behind_pointer_;
            if (t.element) {
                resolve_type(*t.element, what);
            }
            if (t.safearray_of) {
                resolve_type(*t.safearray_of, what);
            }
            --behind_pointer_;
            return;
        case type_kind::function: {
            const int outside = std::exchange(behind_pointer_, 0); // its parameters are values
            if (t.element) {
                resolve_type(*t.element, what);
            }
            for (auto &p : t.parameters) {
                resolve_field(p, what);
            }
            behind_pointer_ = outside;
            return;
        }
        case type_kind::array:
            if (t.element) {
                resolve_type(*t.element, what);
            }
            if (t.size) {
                resolve_expression_types(*t.size);
                constants_.evaluate(*t.size);
            }
            return;
        case type_kind::named: {
            auto it = symbols_.ordinary.find(t.name);
            if (it == symbols_.ordinary.end()) {
                diags_.report(t.location, diag::err_unknown_type, t.name);
                return;
            }
            auto kind = it->second->kind;
            if (kind != decl_kind::typedef_ && kind != decl_kind::interface_ && kind != decl_kind::dispinterface) {
                diags_.report(t.location, diag::err_not_a_type, t.name);
                return;
            }
            t.target = it->second;
            return;
        }
        case type_kind::tagged: {
            if (t.definition != nullptr) {
                t.target = t.definition;
                return;
            }
            auto it = symbols_.tags.find(t.name);
            bool matches =
                it != symbols_.tags.end() && ((t.tag == tag_kind::struct_ && it->second->kind == decl_kind::struct_) ||
                                              (t.tag == tag_kind::union_ && it->second->kind == decl_kind::union_) ||
                                              (t.tag == tag_kind::enum_ && it->second->kind == decl_kind::enum_));
            if (!matches && it == symbols_.tags.end() && t.tag == tag_kind::struct_ && t.name == "_GUID") {
                // Wine's guiddef.h gives widl an untagged `typedef struct {…} GUID;` and C
                // `typedef struct _GUID {…} GUID;`; its IDL uses both names.
                if (const auto *guid = as<typedef_decl>(symbols_.find_ordinary("GUID")); guid != nullptr && guid->type) {
                    if (const auto *s = as<struct_decl>(guid->type->definition)) {
                        t.target = s;
                        return;
                    }
                }
            }
            // An enum only C headers define (d3d10_1.idl's `enum D3D10_DRIVER_TYPE`, from
            // d3d10misc.h through a cpp_quote): an int32_t in any case, so by value too.
            if (!matches && it == symbols_.tags.end() && (behind_pointer_ > 0 || t.tag == tag_kind::enum_)) {
                t.target = implicit_tag(t);
                return;
            }
            if (!matches) {
                diags_.report(t.location, diag::err_unknown_tag, tag_keyword(t.tag), t.name);
                return;
            }
            t.target = it->second;
            return;
        }
        }
    }

    // `struct X *` (or `typedef struct X Y;`) with X declared nowhere: an incomplete struct,
    // as in C. Only there: a member or parameter of that type by value is an error. An enum
    // declared nowhere has no enumerators and is an int32_t (resolve_type).
    const decl *implicit_tag(const type &t)
    {
        auto [it, inserted] = implicit_tags_.try_emplace(std::string(tag_keyword(t.tag)) + " " + t.name, nullptr);
        if (inserted) {
            decl_ptr d;
            if (t.tag == tag_kind::struct_) {
                auto s = std::make_unique<struct_decl>();
                s->is_definition = false;
                d = std::move(s);
            } else if (t.tag == tag_kind::enum_) {
                auto e = std::make_unique<enum_decl>();
                e->is_definition = false;
                d = std::move(e);
            } else {
                auto u = std::make_unique<union_decl>();
                u->is_definition = false;
                d = std::move(u);
            }
            d->name = t.name;
            d->location = t.location;
            it->second = d.get();
            unit_.implicit_tags.push_back(std::move(d));
        }
        return it->second;
    }

    // The types inside casts and sizeof, which constant evaluation needs resolved.
    void resolve_expression_types(expr &e)
    {
        rewrite_cast_of_signed_operand(e);
        if (e.type_operand) {
            resolve_type(*e.type_operand, e.text);
        }
        for (auto &operand : e.operands) {
            if (operand) {
                resolve_expression_types(*operand);
            }
        }
    }

    // `(UINT)-1` (xaudio2.idl): the parser, which knows no typedef names, reads it as `(UINT) - 1`;
    // a type's name is never a value, so with a typedef on the left of `-`, `+`, `*` or `&`
    // it was a cast of the unary operator's operand, as C reads it.
    void rewrite_cast_of_signed_operand(expr &e)
    {
        if (e.kind != expr_kind::binary || e.operands.size() != 2 || !e.operands[0] || !e.operands[1] ||
            e.operands[0]->kind != expr_kind::identifier || !e.operands[0]->parenthesized ||
            (e.text != "-" && e.text != "+" && e.text != "*" && e.text != "&") ||
            as<typedef_decl>(symbols_.find_ordinary(e.operands[0]->text)) == nullptr) {
            return;
        }
        auto cast_type = std::make_unique<type>();
        cast_type->kind = type_kind::named;
        cast_type->name = e.operands[0]->text;
        cast_type->location = e.operands[0]->location;
        auto operand = std::make_unique<expr>();
        operand->kind = expr_kind::unary;
        operand->text = e.text;
        operand->location = e.operands[1]->location;
        operand->operands.push_back(std::move(e.operands[1]));
        e.kind = expr_kind::cast;
        e.text.clear();
        e.type_operand = std::move(cast_type);
        e.operands.clear();
        e.operands.push_back(std::move(operand));
    }

    // A value (field, parameter, typedef) may not be void or an interface by value.
    void check_value_type(const type &t, std::string_view name, source_location where)
    {
        const auto &u = underlying(t);
        if (u.kind == type_kind::builtin && u.builtin == builtin_type::void_) {
            diags_.report(where, diag::err_void_value, name);
        } else if (const auto *itf = named_interface(t)) {
            diags_.report(where, diag::err_interface_by_value, itf->name, itf->name);
        }
    }

    void resolve_field(field &f, std::string_view owner)
    {
        if (!f.type) {
            return;
        }
        resolve_type(*f.type, owner);
    }

    void resolve_method(method &m)
    {
        if (m.return_type) {
            resolve_type(*m.return_type, m.name);
        }
        for (auto &p : m.params) {
            resolve_field(p, m.name);
        }
    }

    void resolve_decl_types(decl &d)
    {
        if (auto *t = as<typedef_decl>(&d); t != nullptr && t->type) {
            // `typedef struct X Y;` with X declared nowhere names an incomplete type, as in C.
            const int incomplete_allowed = t->type->kind == type_kind::tagged ? 1 : 0;
            behind_pointer_ += incomplete_allowed;
            resolve_type(*t->type, t->name);
            behind_pointer_ -= incomplete_allowed;
            check_typedef_cycle(*t);
            const auto *a = find_attribute(t->attributes, "switch_type");
            if (const auto *u = as<union_decl>(t->type->definition); u != nullptr && a != nullptr && a->type_arg) {
                typedef_switch_types_.try_emplace(u, a->type_arg.get());
            }
        } else if (auto *s = as<struct_decl>(&d)) {
            for (auto &f : s->fields) {
                resolve_field(f, s->name);
            }
        } else if (auto *u = as<union_decl>(&d)) {
            if (u->switch_type) {
                resolve_type(*u->switch_type, u->name);
            }
            for (auto &arm : u->arms) {
                resolve_field(arm.member, u->name);
            }
        } else if (auto *v = as<variable_decl>(&d); v != nullptr && v->type) {
            resolve_type(*v->type, v->name);
        } else if (auto *c = as<const_decl>(&d); c != nullptr && c->type) {
            resolve_type(*c->type, c->name);
            if (c->value) {
                resolve_expression_types(*c->value);
            }
        } else if (auto *e = as<enum_decl>(&d)) {
            for (auto &item : e->enumerators) {
                if (item.value) {
                    resolve_expression_types(*item.value);
                }
            }
        } else if (auto *i = as<interface_decl>(&d)) {
            for (auto &m : i->methods) {
                resolve_method(m);
            }
        } else if (auto *di = as<dispinterface_decl>(&d)) {
            for (auto &p : di->properties) {
                resolve_field(p, di->name);
            }
            for (auto &m : di->methods) {
                resolve_method(m);
            }
        } else if (auto *mod = as<module_decl>(&d)) {
            for (auto &m : mod->functions) {
                resolve_method(m);
            }
        } else if (auto *fn = as<function_decl>(&d)) {
            resolve_method(fn->function);
        }
        for (auto &a : d.attributes) {
            if (a.type_arg) {
                resolve_type(*a.type_arg, d.name);
            }
        }
    }

    void check_typedef_cycle(typedef_decl &t)
    {
        const type *current = t.type.get();
        for (int hops = 0; current != nullptr && current->kind == type_kind::named; ++hops) {
            const auto *next = as<typedef_decl>(current->target);
            if (next == &t || hops > 256) {
                diags_.report(t.location, diag::err_typedef_cycle, t.name);
                t.type->target = nullptr; // cut it so that later passes terminate
                return;
            }
            current = next != nullptr ? next->type.get() : nullptr;
        }
    }

    // A typedef may be repeated with the same type (same_abi_type), never with another.
    void check_repeated_typedefs()
    {
        for (const auto &[previous, repeated] : repeated_typedefs_) {
            if (previous->type && repeated->type && !same_abi_type(*previous->type, *repeated->type)) {
                // widl takes any repeat; ucom one that a call passes the same way (msctf.idl's
                // `UINT_PTR HKL` after wtypes.idl's `void *`), keeping the first.
                const bool passed_alike = is_word(*previous->type) && is_word(*repeated->type);
                diags_.report(repeated->location, passed_alike ? diag::warn_redefinition_word : diag::err_redefinition,
                              repeated->name);
                diags_.report(previous->location, diag::note_previous_definition, previous->name);
                if (!passed_alike) {
                    continue;
                }
            }
            repeated->repeats = previous;
        }
    }

    // A pointer or a 64-bit integer: one register in a call, 8 bytes in a struct.
    static bool is_word(const type &t)
    {
        const auto &u = underlying(t);
        return u.kind == type_kind::pointer || (u.kind == type_kind::builtin && u.builtin != builtin_type::void_ &&
                                                builtin_size(u.builtin) == 8 && !is_floating(u));
    }

    // ---- values ----

    void evaluate_values(decl &d)
    {
        if (auto *e = as<enum_decl>(&d)) {
            constants_.evaluate_enum(*e);
        } else if (auto *c = as<const_decl>(&d); c != nullptr && c->value) {
            auto value = constants_.evaluate_const(*c);
            if (c->type) {
                constants_.check_fits_type(*c, value);
            }
        }
    }

    // ---- checks ----

    // A parameter's name is not part of the ABI, and widl takes C++ keywords (comsvcs.idl's
    // `typeid`, mfplay.idl's `protected`): the generated code calls it `protected_`.
    void rename_keyword_parameters(method &m)
    {
        for (auto &p : m.params) {
            if (!is_c_or_cpp_keyword(p.name)) {
                continue;
            }
            auto renamed = p.name + "_";
            if (std::any_of(m.params.begin(), m.params.end(), [&](const field &other) { return other.name == renamed; })) {
                diags_.report(p.location, diag::err_keyword_parameter_clash, p.name, renamed);
                continue;
            }
            p.name = std::move(renamed);
        }
    }

    // rename_keyword_parameters reported a keyword it could not rename.
    void check_parameter_name(const field &p, bool member)
    {
        if (!is_c_or_cpp_keyword(p.name)) {
            check_name(p.name, p.location, member);
        }
    }

    void check_name(const std::string &name, source_location where, bool member)
    {
        if (is_c_or_cpp_keyword(name)) {
            diags_.report(where, diag::err_keyword_name, name);
        } else if (member && is_generated_member_name(name)) {
            diags_.report(where, diag::err_generated_name, name);
        }
    }

    static bool is_property(const method &m)
    {
        return has_attribute(m.attributes, "propget") || has_attribute(m.attributes, "propput") ||
               has_attribute(m.attributes, "propputref");
    }

    void check_names(decl &d)
    {
        if (d.kind != decl_kind::import_ && d.kind != decl_kind::importlib && d.kind != decl_kind::cpp_quote) {
            check_name(d.name, d.location, false);
        }
        if (const auto *s = as<struct_decl>(&d)) {
            for (const auto &f : s->fields) {
                check_name(f.name, f.location, false);
            }
        } else if (const auto *e = as<enum_decl>(&d)) {
            for (const auto &item : e->enumerators) {
                check_name(item.name, item.location, false);
            }
        } else if (auto *i = as<interface_decl>(&d)) {
            for (auto &m : i->methods) {
                check_name(m.name, m.location, true);
                if (is_glue_method_name(m.name)) {
                    diags_.report(m.location, diag::err_glue_name, m.name);
                }
                if (auto *named = symbols_.find_ordinary(m.name);
                    named != nullptr && (named->kind == decl_kind::typedef_ || named->kind == decl_kind::interface_)) {
                    // A property's C name is get_X, put_X or putref_X: the struct's member
                    // functions never take the type's name, only the projection would.
                    if (is_property(m)) {
                        m.name_is_type = true;
                    } else {
                        diags_.report(m.location, diag::err_method_named_as_type, m.name, i->name);
                    }
                }
                rename_keyword_parameters(m);
                for (const auto &p : m.params) {
                    check_parameter_name(p, true);
                    if (is_glue_parameter_name(p.name)) {
                        diags_.report(p.location, diag::err_glue_name, p.name);
                    }
                }
            }
        }
    }

    void check(decl &d)
    {
        check_names(d);
        switch (d.kind) {
        case decl_kind::interface_:
            check_interface(static_cast<interface_decl &>(d));
            break;
        case decl_kind::dispinterface:
            check_attributes(d.attributes, place::dispinterface, diags_, constants_);
            if (auto &di = static_cast<dispinterface_decl &>(d); !di.is_forward) {
                di.diid = take_uuid(di, "dispinterface", true);
            }
            break;
        case decl_kind::coclass:
            check_coclass(static_cast<coclass_decl &>(d));
            break;
        case decl_kind::library:
            check_attributes(d.attributes, place::library, diags_, constants_);
            static_cast<library_decl &>(d).libid = take_uuid(d, "library", true);
            break;
        case decl_kind::module:
            check_attributes(d.attributes, place::module, diags_, constants_);
            break;
        case decl_kind::typedef_:
            check_attributes(d.attributes, place::type, diags_, constants_);
            break;
        case decl_kind::variable:
            check_attributes(d.attributes, place::type, diags_, constants_);
            if (const auto &v = static_cast<const variable_decl &>(d); v.type) {
                check_value_type(*v.type, v.name, v.location);
            }
            break;
        case decl_kind::function:
            check_function(static_cast<function_decl &>(d).function);
            break;
        case decl_kind::struct_:
            check_attributes(d.attributes, place::type, diags_, constants_);
            check_struct(static_cast<struct_decl &>(d));
            break;
        case decl_kind::union_:
            check_attributes(d.attributes, place::type, diags_, constants_);
            check_union(static_cast<union_decl &>(d));
            break;
        case decl_kind::enum_:
            check_attributes(d.attributes, place::type, diags_, constants_);
            for (auto &item : static_cast<enum_decl &>(d).enumerators) {
                check_attributes(item.attributes, place::enumerator, diags_, constants_);
            }
            break;
        default:
            break;
        }
    }

    std::optional<uuid_value> take_uuid(const decl &d, std::string_view what, bool required)
    {
        const auto *a = find_attribute(d.attributes, "uuid");
        if (a == nullptr) {
            if (required) {
                diags_.report(d.location, diag::err_missing_uuid, what, d.name);
            }
            return std::nullopt;
        }
        auto value = uuid_of(d);
        if (!value) {
            return std::nullopt; // check_attributes reported it at the attribute or its argument
        }
        uuids_.push_back({*value, &d, what});
        return value;
    }

    // The value of d's well-formed uuid attribute.
    static std::optional<uuid_value> uuid_of(const decl &d)
    {
        const auto *a = find_attribute(d.attributes, "uuid");
        if (a == nullptr || a->args.size() != 1 || !a->args[0]) {
            return std::nullopt;
        }
        const auto &arg = *a->args[0];
        return arg.kind == expr_kind::uuid || arg.kind == expr_kind::string ? parse_uuid(arg.text) : std::nullopt;
    }

    void check_interface(interface_decl &itf)
    {
        check_attributes(itf.attributes, place::interface_, diags_, constants_);
        if (itf.is_forward) {
            return;
        }
        if (!is_object_interface(itf)) {
            if (!itf.methods.empty()) {
                diags_.report(itf.location, diag::err_rpc_interface, itf.name);
            }
            return; // a non-object interface is a scope for types (wtypes.idl style)
        }
        // Without a uuid it is a C-only interface, as widl accepts it (amvideo.idl's
        // IDirectDrawVideo): a vtable in the C header and nothing that needs an IID. A [local]
        // one, never marshalled, may even lack a base (d3dcommon.idl's ID3DInclude,
        // d3d12shader.idl's reflection interfaces): it has no IUnknown slots then.
        itf.iid = take_uuid(itf, "interface", false);
        // An [odl] one without a base (msinkaut.idl's IInkRectangle) is one too, as widl has it.
        if (itf.base_name.empty() && itf.name != "IUnknown" && !has_attribute(itf.attributes, "local") &&
            !has_attribute(itf.attributes, "odl")) {
            diags_.report(itf.location, diag::err_missing_base, itf.name);
        }
        if (itf.iid && itf.base != nullptr && !has_attribute(itf.base->attributes, "uuid")) {
            diags_.report(itf.base_location, diag::err_base_without_iid, itf.name, itf.base->name);
        }
        number_slots(itf);
        for (auto &m : itf.methods) {
            check_method(itf, m);
        }
    }

    static int slot_count(const interface_decl *itf)
    {
        int count = 0;
        for (; itf != nullptr; itf = itf->base) {
            for (const auto &m : itf->methods) {
                count += m.slot >= 0 ? 1 : 0;
            }
        }
        return count;
    }

    const method *find_in_bases(const interface_decl &itf, const std::string &c_name, const interface_decl **owner)
    {
        for (const auto *base = itf.base; base != nullptr; base = base->base) {
            for (const auto &m : base->methods) {
                if (m.slot >= 0 && (m.redeclares_base ? m.c_name.substr(base->name.size() + 1) : m.c_name) == c_name) {
                    *owner = base;
                    return &m;
                }
            }
        }
        return nullptr;
    }

    void number_slots(interface_decl &itf)
    {
        if (!numbered_.insert(&itf).second) {
            return;
        }
        // Bases first: slots are inherited in MIDL's order. The resolver's own table gives the
        // mutable node behind the (read-only) base link.
        if (itf.base != nullptr) {
            if (auto *base = as<interface_decl>(symbols_.find_ordinary(itf.base->name)); base == itf.base) {
                number_slots(*base);
            }
        }
        for (auto &m : itf.methods) {
            if (has_attribute(m.attributes, "propget")) {
                m.c_name = "get_" + m.name;
            } else if (has_attribute(m.attributes, "propput")) {
                m.c_name = "put_" + m.name;
            } else if (has_attribute(m.attributes, "propputref")) {
                m.c_name = "putref_" + m.name;
            } else {
                m.c_name = m.name;
            }
        }
        int next = slot_count(itf.base);
        std::set<std::string> seen;
        for (auto &m : itf.methods) {
            if (has_attribute(m.attributes, "call_as")) {
                m.slot = -1;
                continue;
            }
            if (!seen.insert(m.c_name).second) {
                diags_.report(m.location, diag::err_duplicate_method, m.c_name, itf.name);
            }
            const interface_decl *owner = nullptr;
            if (find_in_bases(itf, m.c_name, &owner) != nullptr) {
                m.redeclares_base = true;
                diags_.report(m.location, diag::warn_method_in_base, m.c_name, owner->name, itf.name + "_" + m.c_name);
            }
            m.slot = next++;
        }
        for (auto &m : itf.methods) {
            if (m.redeclares_base) {
                m.c_name = itf.name + "_" + m.c_name; // after the search: a later method may redeclare a base's again
            }
        }
    }

    void check_method(const interface_decl &itf, method &m)
    {
        check_attributes(m.attributes, place::method, diags_, constants_);
        if (const auto *call_as = find_attribute(m.attributes, "call_as");
            call_as != nullptr && call_as->args.size() == 1 && call_as->args[0]) {
            const auto &target = call_as->args[0]->text;
            bool found = false;
            for (const auto &other : itf.methods) {
                found = found || (other.name == target && other.slot >= 0 && has_attribute(other.attributes, "local"));
            }
            if (!found) {
                diags_.report(call_as->args[0]->location, diag::err_call_as_target, target, itf.name);
            }
        }
        if (m.varargs) {
            diags_.report(m.location, diag::err_variadic_method, m.name);
        }
        if (m.return_type) {
            if (const auto *returned = named_interface(*m.return_type)) {
                diags_.report(m.return_type->location, diag::err_interface_return, m.name, returned->name,
                              returned->name);
            }
        }
        bool local = has_attribute(itf.attributes, "local") || has_attribute(m.attributes, "local");
        if (!local && m.return_type && !is_typedef_named(*m.return_type, "HRESULT")) {
            diags_.report(m.return_type->location, diag::warn_not_hresult, m.name, itf.name,
                          declaration(dialect::idl, *m.return_type));
        }
        check_parameters(m, local);
    }

    // A function at file scope is a C prototype: its parameters are checked as a method's, its
    // name and its parameters' names as the C header needs them.
    void check_function(method &f)
    {
        check_attributes(f.attributes, place::method, diags_, constants_);
        if (f.varargs) {
            diags_.report(f.location, diag::err_variadic_function, f.name);
        }
        if (const auto *returned = f.return_type ? named_interface(*f.return_type) : nullptr) {
            diags_.report(f.return_type->location, diag::err_interface_return, f.name, returned->name, returned->name);
        }
        rename_keyword_parameters(f);
        for (const auto &p : f.params) {
            check_parameter_name(p, false);
        }
        check_parameters(f, has_attribute(f.attributes, "local"));
    }

    // An unnamed parameter (mshtml.idl's `[out, retval] BSTR *`) gets the name widl gives it
    // in its header: the letter of its position, `a` for the first.
    void name_unnamed_parameter(method &m, std::size_t i, const std::set<std::string> &written)
    {
        auto &p = m.params[i];
        if (i >= 26) {
            diags_.report(p.location, diag::err_unnamed_parameter, i + 1, m.name);
            return;
        }
        std::string letter(1, static_cast<char>('a' + i));
        if (written.contains(letter)) {
            diags_.report(p.location, diag::err_unnamed_parameter_clash, i + 1, m.name, letter);
            return;
        }
        p.name = std::move(letter);
    }

    // `local`: the method is never marshalled ([local] on it or its interface), so an [out]
    // pointer to an interface by value (Wine's dxgi1_3.idl has `[out] IUnknown *device`) is
    // only a C declaration, as widl takes it: the projection keeps such a method raw.
    void check_parameters(method &m, bool local)
    {
        std::set<std::string> written; // a name widl gives an unnamed parameter must be free
        for (const auto &p : m.params) {
            written.insert(p.name);
        }
        std::set<std::string> names;
        for (std::size_t i = 0; i < m.params.size(); ++i) {
            auto &p = m.params[i];
            check_attributes(p.attributes, place::parameter, diags_, constants_);
            if (p.type && p.name.empty() && is_void(*p.type)) {
                diags_.report(p.location, diag::err_void_not_alone); // `f(long a, void)`
                continue;
            }
            if (p.name.empty()) {
                name_unnamed_parameter(m, i, written);
            } else if (!names.insert(p.name).second) {
                diags_.report(p.location, diag::err_duplicate_parameter, p.name);
            }
            if (!p.type) {
                continue;
            }
            check_value_type(*p.type, p.name, p.location);
            bool out = has_attribute(p.attributes, "out");
            if (out && !is_pointer_like(*p.type)) {
                diags_.report(p.location, diag::warn_out_not_pointer, p.name, m.name);
            } else if (const auto *target = out && !local ? pointee(*p.type) : nullptr) {
                if (const auto *itf = named_interface(*target)) {
                    diags_.report(p.location, diag::warn_out_interface_by_value, p.name, itf->name, itf->name, m.name);
                }
            }
            if (has_attribute(p.attributes, "retval")) {
                if (!out) {
                    diags_.report(p.location, diag::err_retval_not_out, p.name);
                }
                if (i + 1 != m.params.size()) {
                    diags_.report(p.location, diag::warn_retval_not_last, p.name, m.name);
                }
            }
            check_string_attribute(p);
            check_references(p.attributes, m.params, "parameter", m.name);
            if (const auto *iid_is = find_attribute(p.attributes, "iid_is")) {
                const auto *inner = pointee(*p.type);
                bool ok = inner != nullptr && (is_pointer_like(*inner) || named_interface(*inner) != nullptr);
                if (!ok) {
                    diags_.report(iid_is->location, diag::warn_iid_is_type, p.name, m.name);
                }
            }
        }
    }

    void check_string_attribute(const field &f)
    {
        if (const auto *a = find_attribute(f.attributes, "string"); a != nullptr && f.type) {
            // [string] applies to the innermost pointer: char *, char ** ([out] strings), char [N].
            const type *t = f.type.get();
            while (pointee(*t) != nullptr && pointee(*pointee(*t)) != nullptr) {
                t = pointee(*t);
            }
            const type *element = pointee(*t);
            if (element == nullptr || !is_character(*element)) {
                diags_.report(a->location, diag::warn_string_not_characters, f.name);
            }
        }
    }

    // size_is(n), length_is(n), switch_is(k), iid_is(riid)… name a sibling parameter or field.
    void check_references(const attribute_list &attrs, const std::vector<field> &siblings, std::string_view what,
                          std::string_view owner)
    {
        static constexpr std::array<std::string_view, 8> referencing = {"size_is",  "length_is", "max_is",    "min_is",
                                                                        "first_is", "last_is",   "switch_is", "iid_is"};
        for (const auto &a : attrs) {
            if (std::find(referencing.begin(), referencing.end(), std::string_view(a.name)) == referencing.end()) {
                continue;
            }
            for (const auto &arg : a.args) {
                if (arg) {
                    check_reference_expr(*arg, a.name, siblings, what, owner);
                }
            }
        }
    }

    // size_is(n) and its kin count with an integer (or an integer behind the pointer written
    // `*n`); iid_is(riid) names the IID of the interface pointer.
    void check_reference_type(const expr &e, std::string_view attribute_name, const type &t)
    {
        if (attribute_name == "iid_is") {
            const type *target = pointee(t);
            if (target == nullptr || !is_guid(*target)) {
                diags_.report(e.location, diag::err_reference_not_iid, e.text, declaration(dialect::idl, t));
            }
            return;
        }
        const type *target = pointee(t);
        if (!is_integral(t) && (target == nullptr || !is_integral(*target))) {
            diags_.report(e.location, diag::err_reference_not_integer, e.text, attribute_name,
                          declaration(dialect::idl, t));
        }
    }

    void check_reference_expr(const expr &e, std::string_view attribute_name, const std::vector<field> &siblings,
                              std::string_view what, std::string_view owner)
    {
        if (e.kind == expr_kind::identifier) {
            auto sibling =
                std::find_if(siblings.begin(), siblings.end(), [&](const field &f) { return f.name == e.text; });
            bool is_constant =
                symbols_.enumerators.contains(e.text) || as<const_decl>(symbols_.find_ordinary(e.text)) != nullptr;
            if (sibling == siblings.end() && !is_constant) {
                diags_.report(e.location, diag::warn_unknown_reference, e.text, attribute_name, what, owner);
            } else if (sibling != siblings.end() && sibling->type) {
                check_reference_type(e, attribute_name, *sibling->type);
            }
            return;
        }
        for (const auto &operand : e.operands) {
            if (operand) {
                check_reference_expr(*operand, attribute_name, siblings, what, owner);
            }
        }
    }

    // A bit field (d3d11.idl's `UINT Usage : 1;`) as C has it: an integer or enum member,
    // its width a constant from 1 to its type's bits.
    void check_bit_field(field &f)
    {
        if (!f.bits) {
            return;
        }
        resolve_expression_types(*f.bits);
        const auto width = constants_.evaluate(*f.bits); // reports what is not a constant
        if (!f.type) {
            return;
        }
        const type &t = underlying(*f.type);
        if (!is_integral(t) || t.kind == type_kind::pointer || t.kind == type_kind::array) {
            diags_.report(f.location, diag::err_bit_field_type, f.name, declaration(dialect::idl, *f.type));
            return;
        }
        const std::int64_t room = t.kind == type_kind::builtin ? static_cast<std::int64_t>(builtin_size(t.builtin) * 8) : 32;
        if (width && (*width < 1 || *width > room)) {
            diags_.report(f.bits->location, diag::err_bit_field_width, f.name, *width, room);
        }
    }

    void check_struct(struct_decl &s)
    {
        if (s.is_definition && s.fields.empty()) {
            diags_.report(s.location, diag::err_empty_aggregate, "struct", s.name);
        }
        std::map<std::string, const field *> names;
        for (auto &f : s.fields) {
            if (f.name.empty() && !is_anonymous_member(f)) {
                diags_.report(f.location, diag::err_unnamed_member, "struct", s.name);
            }
            check_attributes(f.attributes, place::field, diags_, constants_);
            check_member_name(f, names, diags_);
            if (f.type) {
                check_value_type(*f.type, f.name, f.location);
                check_array_sizes(*f.type, f.name, f.location, diags_);
            }
            check_bit_field(f);
            check_string_attribute(f);
            check_references(f.attributes, s.fields, "field", s.name);
        }
        check_not_recursive(s, cycles_, diags_);
    }

    // A non-encapsulated union's discriminant type is [switch_type(T)] on the union or, in
    // `typedef [switch_type(T)] union U {…} V;`, on the typedef that defines it.
    const type *switch_type_of(const union_decl &u)
    {
        if (u.encapsulated) {
            return u.switch_type.get();
        }
        if (const auto *a = find_attribute(u.attributes, "switch_type"); a != nullptr && a->type_arg) {
            return a->type_arg.get();
        }
        auto it = typedef_switch_types_.find(&u);
        return it != typedef_switch_types_.end() ? it->second : nullptr;
    }

    void check_union(union_decl &u)
    {
        const type *discriminant = switch_type_of(u);
        u.discriminant = discriminant;
        if (discriminant != nullptr && !is_integral(*discriminant)) {
            diags_.report(discriminant->location, diag::err_case_not_integral, u.name,
                          declaration(dialect::idl, *discriminant));
        }
        std::set<std::int64_t> seen;
        std::map<std::string, const field *> names;
        bool has_member = false;
        for (auto &arm : u.arms) {
            has_member = has_member || arm.member.type != nullptr;
            if (arm.member.type && arm.member.name.empty() && !is_anonymous_member(arm.member)) {
                diags_.report(arm.member.location, diag::err_unnamed_member, "union", u.name);
            }
            check_attributes(arm.member.attributes, place::field, diags_, constants_);
            check_member_name(arm.member, names, diags_);
            if (arm.member.type) {
                check_value_type(*arm.member.type, arm.member.name, arm.member.location);
                check_array_sizes(*arm.member.type, arm.member.name, arm.member.location, diags_);
            }
            check_bit_field(arm.member);
            for (auto &c : arm.cases) {
                if (!c) {
                    continue;
                }
                auto value = constants_.evaluate(*c);
                if (value && !seen.insert(*value).second) {
                    diags_.report(c->location, diag::err_duplicate_case, *value, u.name);
                }
            }
        }
        if (u.is_definition && !has_member) {
            diags_.report(u.location, diag::err_empty_aggregate, "union", u.name);
        }
        check_not_recursive(u, cycles_, diags_);
    }

    void check_coclass(coclass_decl &c)
    {
        check_attributes(c.attributes, place::coclass, diags_, constants_);
        if (c.is_forward) {
            auto it = symbols_.ordinary.find(c.name);
            if (it == symbols_.ordinary.end() || is_forward(*it->second)) {
                diags_.report(c.location, diag::err_forward_never_defined, c.name);
            }
            return;
        }
        c.clsid = take_uuid(c, "coclass", true);
        int defaults[2] = {0, 0}; // incoming, source
        std::set<const decl *> listed;
        std::map<uuid_value, std::string> iids;
        for (auto &entry : c.interfaces) {
            check_attributes(entry.attributes, place::coclass_member, diags_, constants_);
            auto it = symbols_.ordinary.find(entry.name);
            if (it == symbols_.ordinary.end()) {
                // widl takes it as a forward declaration (shobjidl.idl's IEnumObjects). Only the
                // file that declares the coclass describes its entries (the JSON, a
                // descriptor), so an importer, which never does, is not stopped by it.
                if (!c.imported) {
                    diags_.report(entry.location, diag::warn_unknown_coclass_entry, entry.name, c.name);
                }
                continue;
            }
            if (it->second->kind != decl_kind::interface_ && it->second->kind != decl_kind::dispinterface) {
                diags_.report(entry.location, diag::err_coclass_entry, entry.name, c.name);
                continue;
            }
            entry.target = it->second;
            if (!listed.insert(entry.target).second) {
                diags_.report(entry.location, diag::err_coclass_entry_twice, c.name, entry.name);
            }
            const auto *itf = as<interface_decl>(entry.target);
            const decl &target = itf != nullptr && itf->definition != nullptr ? *itf->definition : *entry.target;
            bool has_iid = (itf == nullptr || is_object_interface(*as<interface_decl>(&target))) &&
                           has_attribute(target.attributes, "uuid");
            if (!has_iid) {
                diags_.report(entry.location, diag::err_coclass_entry_no_iid, entry.name, c.name);
            } else if (auto iid = uuid_of(target)) {
                // Interfaces may share an IID (widl accepts it: xaudio2.idl's versions), but an
                // object answers one QueryInterface per IID.
                auto [same, first] = iids.try_emplace(*iid, entry.name);
                if (!first && same->second != entry.name) {
                    diags_.report(entry.location, diag::err_coclass_entries_same_iid, c.name, same->second, entry.name);
                }
            }
            if (has_attribute(entry.attributes, "default")) {
                ++defaults[has_attribute(entry.attributes, "source") ? 1 : 0];
            }
        }
        if (defaults[0] > 1) {
            diags_.report(c.location, diag::warn_several_defaults, c.name, "incoming");
        }
        if (defaults[1] > 1) {
            diags_.report(c.location, diag::warn_several_defaults, c.name, "source");
        }
    }

    void check_unique_uuids()
    {
        std::map<uuid_value, const uuid_use *> first;
        for (const auto &use : uuids_) {
            auto [it, inserted] = first.try_emplace(use.value, &use);
            if (!inserted && it->second->owner->name != use.owner->name) { // a redefinition is reported as such
                // The error goes to the file being compiled, the note to the one it imports
                // (which compiled before), whatever order they were seen in.
                const bool blame_first = use.owner->imported && !it->second->owner->imported;
                const uuid_use &culprit = blame_first ? *it->second : use;
                const uuid_use &earlier = blame_first ? use : *it->second;
                if (culprit.owner->kind == decl_kind::interface_ && earlier.owner->kind == decl_kind::interface_) {
                    diags_.report(culprit.owner->location, diag::warn_duplicate_iid, culprit.owner->name,
                                  to_string(culprit.value), earlier.owner->name);
                } else {
                    diags_.report(culprit.owner->location, diag::err_duplicate_uuid, culprit.what,
                                  culprit.owner->name, to_string(culprit.value), earlier.owner->name);
                }
                diags_.report(earlier.owner->location, diag::note_previous_definition, earlier.owner->name);
            }
        }
    }

    struct uuid_use {
        uuid_value value;
        const decl *owner;
        std::string_view what;
    };

    compilation &unit_;
    diagnostics &diags_;
    symbol_table symbols_;
    constant_evaluator constants_;
    std::vector<uuid_use> uuids_;
    std::vector<std::pair<typedef_decl *, typedef_decl *>> repeated_typedefs_;
    std::map<std::string, const decl *> implicit_tags_;
    int behind_pointer_ = 0;
    std::set<const interface_decl *> numbered_;
    std::map<const union_decl *, const type *> typedef_switch_types_;
    containment_cycles cycles_;
};

} // namespace

std::unique_ptr<const resolved_model> resolve(compilation &unit)
{
    resolver(unit).run();
    if (unit.diags.has_errors()) {
        return nullptr;
    }
    return build_model(unit, unit.diags);
}

} // namespace ucom::idl

// <stem>.json: the machine-readable description of the main file, for tools, the registry
// and dynamic invocation, which read it instead of parsing IDL. The schema, and the rule for
// changing it, are in docs/idl-json.md; keys keep insertion order so the output is stable.
#include <nlohmann/json.hpp>

#include "fingerprint.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

using json = nlohmann::ordered_json;

// Bumped only when a field is removed, renamed or changes meaning; additions keep it.
constexpr int schema_version = 1;

json string_or_null(const std::string &text)
{
    return text.empty() ? json(nullptr) : json(text);
}

json uuid_or_null(const std::optional<uuid_value> &value)
{
    return value ? json(to_string(*value)) : json(nullptr);
}

// {"idl": "long *", "c": "int32_t *"}: the IDL spelling for people and tools that know MIDL,
// the C spelling for code that calls through the vtable.
json type_json(const type &t)
{
    json j = json::object();
    j["idl"] = declaration(dialect::idl, t);
    j["c"] = declaration(dialect::c, t);
    return j;
}

json type_or_null(const type_ptr &t)
{
    return t ? type_json(*t) : json(nullptr);
}

json expression_or_null(const expr_ptr &e)
{
    return e ? json(expression(*e)) : json(nullptr);
}

// Attribute arguments are not evaluated by the resolver (id(n), case labels are): a literal
// integer, possibly negated, is still a number to a reader of the description.
std::optional<std::int64_t> integer_of(const expr &e)
{
    if (e.value) {
        return e.value;
    }
    if (e.kind == expr_kind::integer) {
        return static_cast<std::int64_t>(e.integer_value);
    }
    if (e.kind == expr_kind::unary && e.text == "-" && e.operands.size() == 1 && e.operands[0]) {
        if (auto inner = integer_of(*e.operands[0])) {
            return -*inner;
        }
    }
    return std::nullopt;
}

// A number when the expression has an integer value, else its spelling.
json value_json(const expr &e)
{
    auto value = integer_of(e);
    return value ? json(*value) : json(expression(e));
}

// Every attribute as written, arguments spelled: nothing is lost, and new attributes need no
// schema change. switch_type's type argument comes first, as in the source.
json attribute_json(const attribute &a)
{
    json args = json::array();
    if (a.type_arg) {
        args.push_back(declaration(dialect::idl, *a.type_arg));
    }
    for (const auto &arg : a.args) {
        args.push_back(expression_or_null(arg));
    }
    json j = json::object();
    j["name"] = a.name;
    j["args"] = std::move(args);
    return j;
}

json attributes_json(const attribute_list &attrs)
{
    json list = json::array();
    for (const auto &a : attrs) {
        list.push_back(attribute_json(a));
    }
    return list;
}

// The first argument of attribute `id` as text (a string decoded, anything else spelled),
// or null without it.
json attribute_text(const attribute_set &attrs, attribute_id id)
{
    const auto *a = attrs.find(id);
    if (a == nullptr || a->written->args.empty() || !a->written->args[0]) {
        return nullptr;
    }
    const auto &arg = *a->written->args[0];
    return arg.kind == expr_kind::string ? arg.text : expression(arg);
}

json attributes_json(const attribute_set &attrs)
{
    json list = json::array();
    for (const auto &a : attrs.all()) {
        list.push_back(attribute_json(*a.written));
    }
    return list;
}

// The positions of size_is or length_is, spelled; null without it. `size_is(, n)` on a
// pointer to pointer keeps its empty first position as null.
json bounds_json(const attribute_set &attrs, attribute_id id, const std::vector<model_bound> &bounds)
{
    if (!attrs.has(id)) {
        return nullptr;
    }
    json args = json::array();
    for (const auto &b : bounds) {
        args.push_back(b.expression != nullptr ? json(expression(*b.expression)) : json(nullptr));
    }
    return args;
}

json bound_json(const std::optional<model_bound> &bound)
{
    if (!bound) {
        return nullptr;
    }
    return json::array({bound->expression != nullptr ? json(expression(*bound->expression)) : json(nullptr)});
}

json parameter_json(const model_parameter &p)
{
    json j = json::object();
    j["name"] = p.name;
    j["type"] = p.type != nullptr ? type_json(*p.type) : json(nullptr);
    j["direction"] = direction_name(p.direction);
    j["retval"] = p.retval;
    j["attributes"] = attributes_json(p.attributes);
    j["size_is"] = bounds_json(p.attributes, attribute_id::size_is, p.size_is);
    j["length_is"] = bounds_json(p.attributes, attribute_id::length_is, p.length_is);
    j["iid_is"] = bound_json(p.iid_is);
    j["switch_is"] = bound_json(p.switch_is);
    return j;
}

json property_json(property_kind kind)
{
    switch (kind) {
    case property_kind::none:
        return nullptr;
    case property_kind::get:
        return "propget";
    case property_kind::put:
        return "propput";
    case property_kind::putref:
        return "propputref";
    }
    return nullptr;
}

json dispatch_id(const attribute_set &attrs)
{
    const auto *a = attrs.find(attribute_id::id);
    return a != nullptr && a->written->args.size() == 1 && a->written->args[0] ? value_json(*a->written->args[0])
                                                                               : json(nullptr);
}

// The fields every method shares, wherever it is declared (interface, dispinterface, module).
void describe_method(json &j, const model_method &m)
{
    j["property"] = property_json(m.property);
    j["id"] = dispatch_id(m.attributes);
    j["attributes"] = attributes_json(m.attributes);
    j["return_type"] = m.return_type != nullptr ? type_json(*m.return_type) : json(nullptr);
    json params = json::array();
    for (const auto &p : m.parameters) {
        params.push_back(parameter_json(p));
    }
    j["parameters"] = std::move(params);
    j["idl"] = idl_signature(*m.declared);
}

// A method of an object interface: where it sits in the vtable. A [call_as(X)] method is
// the remote form of X and has no slot of its own.
json vtable_method_json(const model_method &m)
{
    json j = json::object();
    j["name"] = m.name;
    j["c_name"] = m.c_name;
    j["slot"] = m.slot >= 0 ? json(m.slot) : json(nullptr);
    j["call_as"] = attribute_text(m.attributes, attribute_id::call_as);
    describe_method(j, m);
    return j;
}

// A dispinterface method or a module function: no vtable, so no slot.
json described_method_json(const model_method &m)
{
    json j = json::object();
    j["name"] = m.name;
    describe_method(j, m);
    return j;
}

// A canonical text a fingerprint hashes, one array element per line, so that two
// descriptions with different fingerprints can be diffed to see which slot differs.
json layout_lines(const std::string &layout)
{
    json lines = json::array();
    std::size_t start = 0;
    while (start < layout.size()) {
        auto end = layout.find('\n', start);
        if (end == std::string::npos) {
            end = layout.size();
        }
        lines.push_back(layout.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

json interface_json(const model_interface &itf)
{
    json j = json::object();
    j["name"] = itf.name;
    j["iid"] = itf.iid ? json(to_string(*itf.iid)) : json(nullptr); // null: a C-only interface
    j["base"] = itf.base != nullptr ? json(itf.base->name) : json(nullptr);
    j["base_iid"] = itf.base != nullptr && itf.base->iid ? json(to_string(*itf.base->iid)) : json(nullptr);
    j["fingerprint"] = fingerprint_text(itf.fingerprint);
    j["slot_count"] = itf.slots.size();
    j["attributes"] = attributes_json(itf.attributes);
    json methods = json::array();
    for (const auto &m : itf.methods) {
        methods.push_back(vtable_method_json(m));
    }
    j["methods"] = std::move(methods);
    j["layout"] = layout_lines(itf.canonical_layout);
    j["contract_fingerprint"] = fingerprint_text(itf.contract_fingerprint);
    j["contract"] = layout_lines(itf.canonical_contract);
    return j;
}

// A field, a parameter or an extern declaration: a name with a type and attributes.
json typed_name_json(const std::string &name, const type_ptr &t, const attribute_list &attributes)
{
    json j = json::object();
    j["name"] = name;
    j["type"] = type_or_null(t);
    j["attributes"] = attributes_json(attributes);
    return j;
}

json field_json(const field &f)
{
    json j = typed_name_json(f.name, f.type, f.attributes);
    if (f.bits && f.bits->value) {
        j["bits"] = *f.bits->value; // a bit field's width, only on bit fields
    }
    return j;
}

json fields_json(const std::vector<field> &fields)
{
    json list = json::array();
    for (const auto &f : fields) {
        list.push_back(field_json(f));
    }
    return list;
}

json dispinterface_json(const model_dispinterface &d)
{
    json j = json::object();
    j["name"] = d.name;
    j["uuid"] = to_string(d.diid);
    j["interface"] = string_or_null(d.interface_name);
    j["attributes"] = attributes_json(d.attributes);
    json properties = json::array();
    for (const auto *p : d.properties) {
        json property = field_json(*p);
        property["id"] = dispatch_id(attribute_set(p->attributes));
        properties.push_back(std::move(property));
    }
    j["properties"] = std::move(properties);
    json methods = json::array();
    for (const auto &m : d.methods) {
        methods.push_back(described_method_json(m));
    }
    j["methods"] = std::move(methods);
    return j;
}

json coclass_entry_json(const model_coclass_entry &entry)
{
    json j = json::object();
    j["name"] = entry.name;
    j["kind"] = entry.is_dispinterface ? "dispinterface" : "interface";
    j["iid"] = uuid_or_null(entry.iid);
    j["default"] = entry.is_default;
    j["source"] = entry.is_source;
    j["attributes"] = attributes_json(entry.attributes);
    return j;
}

json coclass_json(const model_coclass &c)
{
    json j = json::object();
    j["name"] = c.name;
    j["clsid"] = to_string(c.clsid);
    j["attributes"] = attributes_json(c.attributes);
    for (auto [key, id] : {std::pair{"progid", attribute_id::progid},
                           {"vi_progid", attribute_id::vi_progid},
                           {"threading", attribute_id::threading},
                           {"helpstring", attribute_id::helpstring},
                           {"version", attribute_id::version}}) {
        j[key] = attribute_text(c.attributes, id);
    }
    json entries = json::array();
    for (const auto &entry : c.interfaces) {
        entries.push_back(coclass_entry_json(entry));
    }
    j["interfaces"] = std::move(entries);
    return j;
}

std::string_view kind_name(decl_kind kind)
{
    switch (kind) {
    case decl_kind::interface_:
        return "interface";
    case decl_kind::dispinterface:
        return "dispinterface";
    case decl_kind::coclass:
        return "coclass";
    case decl_kind::library:
        return "library";
    case decl_kind::module:
        return "module";
    case decl_kind::typedef_:
        return "typedef";
    case decl_kind::struct_:
        return "struct";
    case decl_kind::union_:
        return "union";
    case decl_kind::enum_:
        return "enum";
    case decl_kind::const_:
        return "const";
    case decl_kind::variable:
        return "extern";
    case decl_kind::function:
        return "function";
    case decl_kind::import_:
        return "import";
    case decl_kind::importlib:
        return "importlib";
    case decl_kind::cpp_quote:
        return "cpp_quote";
    case decl_kind::pragma:
        return "pragma";
    }
    return "unknown";
}

// What a library contains, by name: the declarations themselves are in the top-level lists.
// A forward declaration counts, since that is how MIDL pulls an interface into a library.
json library_json(const library_decl &lib)
{
    json importlibs = json::array();
    json members = json::array();
    for (const auto &m : lib.members) {
        if (const auto *importlib = as<importlib_decl>(m.get())) {
            importlibs.push_back(importlib->path);
        } else if (!m->name.empty()) {
            json member = json::object();
            member["kind"] = kind_name(m->kind);
            member["name"] = m->name;
            members.push_back(std::move(member));
        }
    }
    json j = json::object();
    j["name"] = lib.name;
    j["libid"] = uuid_or_null(lib.libid);
    j["attributes"] = attributes_json(lib.attributes);
    const attribute_set attrs(lib.attributes);
    j["helpstring"] = attribute_text(attrs, attribute_id::helpstring);
    j["version"] = attribute_text(attrs, attribute_id::version);
    j["importlibs"] = std::move(importlibs);
    j["members"] = std::move(members);
    return j;
}

json module_json(const model_module &mod)
{
    json functions = json::array();
    for (const auto &f : mod.functions) {
        functions.push_back(described_method_json(f));
    }
    json j = json::object();
    j["name"] = mod.name;
    j["attributes"] = attributes_json(mod.attributes);
    j["dllname"] = attribute_text(mod.attributes, attribute_id::dllname);
    j["functions"] = std::move(functions);
    return j;
}

json type_head(const decl &d, bool anonymous)
{
    json j = json::object();
    j["kind"] = kind_name(d.kind);
    j["name"] = d.name;
    j["anonymous"] = anonymous;
    j["attributes"] = attributes_json(d.attributes);
    return j;
}

json typedef_json(const typedef_decl &t)
{
    json j = type_head(t, false);
    j["type"] = type_or_null(t.type);
    return j;
}

json struct_json(const struct_decl &s)
{
    json j = type_head(s, s.anonymous);
    j["fields"] = fields_json(s.fields);
    return j;
}

json union_arm_json(const union_decl::arm &arm)
{
    json cases = json::array();
    for (const auto &c : arm.cases) {
        cases.push_back(c ? value_json(*c) : json(nullptr));
    }
    json j = json::object();
    j["cases"] = std::move(cases);
    j["default"] = arm.is_default;
    j["name"] = string_or_null(arm.member.name);
    j["type"] = type_or_null(arm.member.type);
    j["attributes"] = attributes_json(arm.member.attributes);
    return j;
}

// The discriminant's type: written in the union (encapsulated) or in [switch_type(T)].
json switch_type_json(const union_decl &u)
{
    return u.discriminant != nullptr ? type_json(*u.discriminant) : json(nullptr);
}

json union_json(const union_decl &u)
{
    json j = type_head(u, u.anonymous);
    j["encapsulated"] = u.encapsulated;
    j["switch_type"] = switch_type_json(u);
    j["switch_name"] = u.encapsulated ? string_or_null(u.switch_name) : json(nullptr);
    j["union_name"] = u.encapsulated ? json(u.union_name.empty() ? "u" : u.union_name) : json(nullptr);
    json arms = json::array();
    for (const auto &arm : u.arms) {
        arms.push_back(union_arm_json(arm));
    }
    j["arms"] = std::move(arms);
    return j;
}

json enum_json(const enum_decl &e)
{
    json enumerators = json::array();
    for (const auto &item : e.enumerators) {
        json j = json::object();
        j["name"] = item.name;
        j["value"] = item.c_value;
        j["attributes"] = attributes_json(item.attributes);
        enumerators.push_back(std::move(j));
    }
    json j = type_head(e, e.anonymous);
    j["enumerators"] = std::move(enumerators);
    return j;
}

// An integer constant's value; a string constant's decoded text; anything else (a floating
// constant) spelled. "expression" always keeps the source spelling.
json constant_json(const const_decl &c)
{
    json j = json::object();
    j["name"] = c.name;
    j["type"] = type_or_null(c.type);
    if (!c.value) {
        j["value"] = nullptr;
        j["expression"] = nullptr;
        return j;
    }
    j["value"] = c.value->value                       ? json(*c.value->value)
                 : c.value->kind == expr_kind::string ? json(c.value->text)
                                                      : json(expression(*c.value));
    j["expression"] = expression(*c.value);
    return j;
}

// `extern const FMTID FMTID_SummaryInformation;`: data a library exports.
json variable_json(const variable_decl &v)
{
    return typed_name_json(v.name, v.type, v.attributes);
}

// Walks the main file's declarations (library, interface and module bodies included: the
// one traversal) and files each one into its list, in source order.
class json_writer {
public:
    explicit json_writer(const resolved_model &model) : model_(model) {}

    json run(const writer_options &options)
    {
        for_each_declaration(model_.main().decls, [this](const decl &d) { add(d); });
        json j = json::object();
        j["ucom_idl_json"] = schema_version;
        j["source"] = options.source_name;
        j["imports"] = std::move(imports_);
        j["interfaces"] = std::move(interfaces_);
        j["dispinterfaces"] = std::move(dispinterfaces_);
        j["coclasses"] = std::move(coclasses_);
        j["libraries"] = std::move(libraries_);
        j["modules"] = std::move(modules_);
        j["types"] = std::move(types_);
        j["constants"] = std::move(constants_);
        j["variables"] = std::move(variables_);
        j["functions"] = std::move(functions_);
        return j;
    }

private:
    void add(const decl &d)
    {
        switch (d.kind) {
        case decl_kind::import_:
            for (const auto &path : static_cast<const import_decl &>(d).paths) {
                imports_.push_back(path);
            }
            break;
        case decl_kind::interface_:
            // A non-object interface (wtypes.idl style) is only a scope for the types in its body.
            if (const auto &itf = static_cast<const interface_decl &>(d); !itf.is_forward) {
                if (const auto *defined = model_.find(itf)) {
                    interfaces_.push_back(interface_json(*defined));
                }
            }
            break;
        case decl_kind::dispinterface:
            if (const auto *di = model_.find(static_cast<const dispinterface_decl &>(d))) {
                dispinterfaces_.push_back(dispinterface_json(*di));
            }
            break;
        case decl_kind::coclass:
            if (const auto *c = model_.find(static_cast<const coclass_decl &>(d))) {
                coclasses_.push_back(coclass_json(*c));
            }
            break;
        case decl_kind::library:
            libraries_.push_back(library_json(static_cast<const library_decl &>(d)));
            break;
        case decl_kind::module:
            modules_.push_back(module_json(*model_.find(static_cast<const module_decl &>(d))));
            break;
        case decl_kind::const_:
            constants_.push_back(constant_json(static_cast<const const_decl &>(d)));
            break;
        case decl_kind::variable:
            variables_.push_back(variable_json(static_cast<const variable_decl &>(d)));
            break;
        case decl_kind::function:
            functions_.push_back(described_method_json(model_.find(static_cast<const function_decl &>(d))));
            break;
        case decl_kind::typedef_:
        case decl_kind::struct_:
        case decl_kind::union_:
        case decl_kind::enum_:
            add_type(d);
            break;
        case decl_kind::importlib: // listed by its library
        case decl_kind::cpp_quote: // C text for the headers, nothing to describe
        case decl_kind::pragma:
            break;
        }
    }

    // `struct X;` and its kin declare a name without content: nothing to describe.
    void add_type(const decl &d)
    {
        if (const auto *t = as<typedef_decl>(&d)) {
            types_.push_back(typedef_json(*t));
        } else if (const auto *s = as<struct_decl>(&d); s != nullptr && s->is_definition) {
            types_.push_back(struct_json(*s));
        } else if (const auto *u = as<union_decl>(&d); u != nullptr && u->is_definition) {
            types_.push_back(union_json(*u));
        } else if (const auto *e = as<enum_decl>(&d); e != nullptr && e->is_definition) {
            types_.push_back(enum_json(*e));
        }
    }

    json imports_ = json::array();
    json interfaces_ = json::array();
    json dispinterfaces_ = json::array();
    json coclasses_ = json::array();
    json libraries_ = json::array();
    json modules_ = json::array();
    json types_ = json::array();
    json constants_ = json::array();
    json variables_ = json::array();
    json functions_ = json::array();
    const resolved_model &model_;
};

} // namespace

std::string write_json(const resolved_model &model, const writer_options &options)
{
    // Invalid UTF-8 in a helpstring is replaced (U+FFFD) rather than thrown on: the input was
    // accepted, so its description must be writable.
    return json_writer(model).run(options).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace ucom::idl

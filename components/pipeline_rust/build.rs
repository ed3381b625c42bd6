// The pipeline's IDL, from components/pipeline: ITextSource, which the tokenizer calls (with
// the record of its fingerprints), and tokenizer.idl, whose class this plugin serves.
fn main() {
    let idl = ucom_build::Idl::new().include("../pipeline");
    idl.rust("../pipeline/text_source.idl");
    idl.uses("../pipeline/text_source.idl");
    idl.plugin("../pipeline/tokenizer.idl");
}

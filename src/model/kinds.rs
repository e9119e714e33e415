//! The kind table: the one list of entity kinds. Everything that must name every kind —
//! `Kind` and its labels, the `Document` lists, counts and lookups, the `Entity` sum type,
//! the loader's top-level fields and per-kind deserialization, merging — is generated
//! from it by passing a callback macro to [`for_each_kind!`].
//!
//! Adding a kind is one row here plus its struct in `entity.rs` (made with `entity!`); a
//! test walks the table and checks that every kind loads, validates, indexes, searches
//! and saves.
//!
//! Rows are in file order (the order of the lists in `evidence.ron`); `rank` is the
//! order the UI lists kinds in. Columns: variant, struct, list field, rank, noun (for
//! diagnostics), English label, Chinese label.

/// Calls `$callback!` with every row of the kind table.
macro_rules! for_each_kind {
    ($callback:ident) => {
        $callback! {
            Review, Review, reviews, 11, "review", "Reviews", "综述";
            Study, Study, studies, 10, "study", "Studies", "原始研究";
            Disease, Disease, diseases, 0, "disease", "Diseases", "疾病";
            Source, Source, sources, 1, "MSC source", "MSC sources", "MSC来源";
            Vehicle, Vehicle, vehicles, 2, "vehicle", "Vehicles", "载体";
            Cargo, Cargo, cargos, 3, "cargo", "Cargo", "活性分子";
            Target, Target, targets, 4, "target", "Targets", "靶点";
            Pathway, Pathway, pathways, 5, "pathway", "Pathways", "信号通路";
            CellType, CellType, cell_types, 6, "cell type", "Cell types", "细胞类型";
            Effect, Effect, effects, 7, "effect", "Effects", "效应";
            Product, Product, products, 8, "product", "Products & drugs", "产品与药物";
            Strategy, Strategy, strategies, 9, "strategy", "Engineering", "工程化策略";
        }
    };
}
pub(crate) use for_each_kind;

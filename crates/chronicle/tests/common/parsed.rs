//! An article annotated with the events stage reading the dependency parse, dated in March
//! 1987 like the wire copy the event rules are measured on.

use chronicle::date::PubDate;
use chronicle::doc::Article;
use chronicle::pipeline::PipelineOptions;
use chronicle::Pipeline;

pub fn annotated(text: &str) -> Article {
    let options = PipelineOptions {
        event_parse: true,
        ..PipelineOptions::default()
    };
    let pipeline = Pipeline::with_options(&options).expect("pipeline with the event parse");
    let mut a = Article::new(text.to_string());
    a.date = PubDate::parse("1987-03-10");
    pipeline.annotate(&mut a);
    a
}

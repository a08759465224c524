//! Stage throughput: text, time, NER + syntax, events (every stage) and linking, each on
//! a corpus read into memory first.

use std::io::{BufRead, BufReader};
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle::date::PubDate;
use chronicle::pipeline::{Stage, TextStage};
use chronicle::read::{read_inputs, ReadOptions};
use chronicle::time::TimeStage;
use chronicle::Article;

use super::clock::{cpu_time, load_average, thread_cpu_seconds, Timing};
use super::corpus::{data_dir, CorpusArgs, EventsArgs, TextArgs};

pub(super) fn bench_link(args: CorpusArgs) -> Result<()> {
    use chronicle::link::{Kb, KbOptions, LinkStage};
    println!("load average before: {}", load_average());
    let wall = Instant::now();
    let mut kb = None;
    let load_cpu = cpu_time(|| kb = Some(Kb::load(&KbOptions::default())));
    let load_wall = wall.elapsed().as_secs_f64();
    let kb = kb.context("no KB")?.context("loading the knowledge base")?;
    let mut articles = read_corpus(&args)?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let repeat = args.repeat.max(1);
    // Dictionary matching alone.
    let mut best_match = Timing::default();
    let mut hits = 0;
    let mut buf = Vec::new();
    for _ in 0..repeat {
        best_match = best_match.min(Timing::of(|| {
            hits = 0;
            for a in &articles {
                hits += kb.matcher.find_with(&a.text, &mut buf).len();
            }
        }));
    }
    // The stages before linking, once; then NER and link timed on the same input.
    let ner = chronicle::ner::NerStage::standard().context("loading the NER model")?;
    let link = LinkStage::new().context("loading the knowledge base")?;
    for a in articles.iter_mut() {
        TextStage.annotate(a);
    }
    let mut best_ner = Timing::default();
    let mut best_link = Timing::default();
    let mut actors = 0;
    for _ in 0..repeat {
        best_ner = best_ner.min(Timing::of(|| {
            time_pass(&ner, &mut articles);
        }));
        best_link = best_link.min(Timing::of(|| {
            time_pass(&link, &mut articles);
        }));
        actors = articles.iter().map(|a| a.actors.len()).sum();
    }
    println!(
        "articles {}  bytes {}  KB patterns {}  dictionary hits {}  actors {}",
        articles.len(),
        bytes,
        kb.matcher.len(),
        hits,
        actors
    );
    println!("                   thread CPU            wall");
    println!("KB load            {load_cpu:8.3} s            {load_wall:8.3} s");
    for (name, t) in [
        ("dictionary match", best_match),
        ("NER stage", best_ner),
        ("link stage", best_link),
    ] {
        println!(
            "{name:<18} {:8.3} s {:8.2} MB/s {:8.3} s {:8.2} MB/s",
            t.cpu,
            mb / t.cpu,
            t.wall,
            mb / t.wall
        );
    }
    println!("link / NER (CPU)   {:8.2}", best_link.cpu / best_ner.cpu);
    println!("load average after: {}", load_average());
    Ok(())
}

pub(super) fn bench_text(args: TextArgs) -> Result<()> {
    let corpus = data_dir(args.data).join("reuters21578/reuters21578.jsonl.gz");
    if !corpus.exists() {
        println!(
            "skipped: {} not found (pass --data DIR or set CHRONICLE_DATA)",
            corpus.display()
        );
        return Ok(());
    }
    let opts = ReadOptions {
        field_map: vec![("body".into(), "text".into())],
        ..Default::default()
    };
    let started = Instant::now();
    let mut articles: Vec<Article> = Vec::new();
    for item in read_inputs(std::slice::from_ref(&corpus), &opts) {
        if let Ok(read) = item {
            articles.push(read.article);
        }
        if args.limit.is_some_and(|n| articles.len() >= n) {
            break;
        }
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!(
        "corpus: {} ({} articles, {:.1} MB), read in {:.2}s",
        corpus.display(),
        articles.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let (mut tokens, mut sentences) = (0, 0);
    for pass in 1..=args.passes.max(1) {
        let t = Instant::now();
        let cpu_before = thread_cpu_seconds();
        tokens = 0;
        sentences = 0;
        for article in &mut articles {
            chronicle::text::annotate(article);
            tokens += article.tokens.len();
            sentences += article.sentences.len();
        }
        let secs = t.elapsed().as_secs_f64();
        let cpu_secs = thread_cpu_seconds()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        let mb = bytes as f64 / 1e6;
        match cpu_secs {
            Some(c) => println!(
                "pass {pass}: {secs:.3}s wall ({:.1} MB/s), {c:.3}s on the CPU ({:.1} MB/s)",
                mb / secs,
                mb / c
            ),
            None => println!("pass {pass}: {secs:.3}s, {:.1} MB/s", mb / secs),
        }
        wall.push(secs);
        cpu.extend(cpu_secs);
    }
    let mb = bytes as f64 / 1e6;
    let best_median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v.first().copied(), v.get(v.len() / 2).copied())
    };
    let (wall_best, wall_median) = best_median(&mut wall);
    let (cpu_best, cpu_median) = best_median(&mut cpu);
    println!("text: {tokens} tokens, {sentences} sentences");
    if let (Some(b), Some(m)) = (wall_best, wall_median) {
        println!(
            "wall clock: best {:.1} MB/s, median {:.1} MB/s ({:.1} M tokens/s best)",
            mb / b,
            mb / m,
            tokens as f64 / b / 1e6
        );
    }
    if let (Some(b), Some(m)) = (cpu_best, cpu_median) {
        println!(
            "CPU time of this thread (robust to a busy machine): best {:.1} MB/s, median {:.1} MB/s per core",
            mb / b,
            mb / m
        );
    }
    Ok(())
}

/// Reads `body`/`date` records from a JSONL file, gzip or plain.
pub(super) fn read_corpus(args: &CorpusArgs) -> Result<Vec<Article>> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("opening {}", args.input.display()))?;
    let reader: Box<dyn BufRead> = if args.input.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut out = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", args.input.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", args.input.display(), n + 1))?;
        let body = record["body"].as_str().unwrap_or("").to_string();
        if body.is_empty() {
            continue;
        }
        let mut article = Article::new(body);
        article.date = record["date"].as_str().and_then(PubDate::parse);
        out.push(article);
        if args.limit > 0 && out.len() >= args.limit {
            break;
        }
    }
    anyhow::ensure!(!out.is_empty(), "no articles in {}", args.input.display());
    Ok(out)
}

pub(super) fn bench_time(args: CorpusArgs) -> Result<()> {
    let mut articles = read_corpus(&args)?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let text_stage = TextStage;
    let time_stage = TimeStage::new();
    let mut best_text = Timing::default();
    let mut best_time = Timing::default();
    let mut found = 0;
    for _ in 0..args.repeat.max(1) {
        best_text = best_text.min(Timing::of(|| {
            time_pass(&text_stage, &mut articles);
        }));
        best_time = best_time.min(Timing::of(|| {
            time_pass(&time_stage, &mut articles);
        }));
        found = articles.iter().map(|a| a.times.len()).sum();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "articles {}  bytes {}  time expressions {}  load average {}",
        articles.len(),
        bytes,
        found,
        load_average()
    );
    // CPU time of this thread is what the stage costs on one core, whatever else runs
    println!("                     wall clock              CPU time (per core)");
    for (name, t) in [
        ("time stage alone  ", best_time),
        (
            "text + time stages",
            Timing {
                cpu: best_text.cpu + best_time.cpu,
                wall: best_text.wall + best_time.wall,
            },
        ),
    ] {
        println!(
            "{name} {:8.3} s {:7.2} M chars/s  {:8.3} s {:7.2} M chars/s",
            t.wall,
            mb / t.wall,
            t.cpu,
            mb / t.cpu
        );
    }
    Ok(())
}

pub(super) fn bench_ner(args: CorpusArgs) -> Result<()> {
    use chronicle::ner::{rules::Units, NerModel, NerStage};
    use chronicle::syntax::SyntaxStage;

    let mut model = None;
    let load = cpu_time(|| model = Some(NerModel::decode_shipped()));
    let model = model.context("no model")??;
    let mut syntax = None;
    let syntax_load = cpu_time(|| syntax = Some(SyntaxStage::decode_shipped()));
    let syntax = syntax.context("no model")??;
    println!(
        "NER model: {} features, ~{:.1} MB in memory, decoded in {:.3}s; POS + chunk models decoded in {:.3}s",
        model.model().num_features(),
        model.model().memory_bytes() as f64 / 1e6,
        load,
        syntax_load
    );
    let mut articles = read_corpus(&args)?;
    for a in articles.iter_mut() {
        TextStage.annotate(a);
    }
    let units: Vec<Units> = articles.iter().map(Units::new).collect();
    let words: Vec<Vec<Vec<String>>> = articles
        .iter()
        .zip(&units)
        .map(|(a, u)| {
            u.sentence_words(&a.text)
                .into_iter()
                .map(|s| s.into_iter().map(str::to_string).collect())
                .collect()
        })
        .collect();
    let tokens: usize = units.iter().map(|u| u.tokens.len()).sum();
    println!("articles {}  tokens {tokens}", articles.len());
    let stage = NerStage::with_shared_model(std::sync::Arc::new(model));
    let (mut best_model, mut best_stage, mut best_syntax) = (f64::MAX, f64::MAX, f64::MAX);
    let mut entities = 0;
    for _ in 0..args.repeat.max(1) {
        let mut spans = 0;
        let model_secs = cpu_time(|| {
            for doc in &words {
                spans += stage
                    .model()
                    .tag_document(doc)
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>();
            }
        });
        best_model = best_model.min(model_secs);
        std::hint::black_box(spans);
        best_syntax = best_syntax.min(cpu_time(|| {
            for a in articles.iter_mut() {
                syntax.annotate(a);
            }
        }));
        best_stage = best_stage.min(cpu_time(|| {
            for a in articles.iter_mut() {
                stage.annotate(a);
            }
        }));
        entities = articles.iter().map(|a| a.entities.len()).sum();
    }
    let rate = |secs: f64| tokens as f64 / secs / 1e6;
    println!(
        "entities {entities}  (seconds are CPU seconds of the benchmark thread, best of {})",
        args.repeat.max(1)
    );
    println!(
        "NER model alone (features + Viterbi + confidence) {best_model:8.3} s  {:6.2} M tokens/s",
        rate(best_model)
    );
    println!(
        "NER stage (model + rules, POS given)             {best_stage:8.3} s  {:6.2} M tokens/s",
        rate(best_stage)
    );
    println!(
        "syntax stage (POS + chunks)                      {best_syntax:8.3} s  {:6.2} M tokens/s",
        rate(best_syntax)
    );
    Ok(())
}

pub(super) fn bench_events(events_args: EventsArgs) -> Result<()> {
    let args = events_args.corpus;
    let mut articles = read_corpus(&args)?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let built = Instant::now();
    let pipeline = chronicle::Pipeline::with_options(&chronicle::pipeline::PipelineOptions {
        parse: events_args.parse,
        event_parse: events_args.event_parse,
        ..Default::default()
    })?;
    println!(
        "pipeline {:?} built in {:.2}s",
        pipeline.stage_names(),
        built.elapsed().as_secs_f64()
    );
    // stage by stage over the whole corpus (each stage only needs the layers of the ones
    // before it), timed in this thread's CPU seconds so other jobs on the box do not count;
    // wall seconds are shown beside them
    let n = pipeline.stages().len();
    let mut best_cpu = vec![f64::MAX; n];
    let mut best_wall = vec![f64::MAX; n];
    let (mut events, mut quotes, mut actors) = (0, 0, 0);
    for _ in 0..args.repeat.max(1) {
        for (k, stage) in pipeline.stages().iter().enumerate() {
            let cpu = thread_cpu_seconds();
            let wall = time_pass(stage.as_ref(), &mut articles);
            let cpu = match (cpu, thread_cpu_seconds()) {
                (Some(a), Some(b)) => b - a,
                _ => wall,
            };
            if let (Some(c), Some(w)) = (best_cpu.get_mut(k), best_wall.get_mut(k)) {
                *c = c.min(cpu);
                *w = w.min(wall);
            }
        }
        events = articles.iter().map(|a| a.events.len()).sum();
        quotes = articles.iter().map(|a| a.quotes.len()).sum();
        actors = articles.iter().map(|a| a.actors.len()).sum();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "articles {}  MB {:.1}  actors {}  events {}  quotes {}",
        articles.len(),
        mb,
        actors,
        events,
        quotes
    );
    let mut by_name = std::collections::HashMap::new();
    for ((stage, cpu), wall) in pipeline.stages().iter().zip(&best_cpu).zip(&best_wall) {
        println!(
            "{:<8} {:8.3} s CPU  {:7.2} MB/CPU-s  ({:.3} s wall)",
            stage.name(),
            cpu,
            mb / cpu.max(1e-9),
            wall
        );
        by_name.insert(stage.name(), *cpu);
    }
    let base: f64 = ["ner", "time"].iter().filter_map(|n| by_name.get(n)).sum();
    if let (Some(ev), true) = (by_name.get("events"), base > 0.0) {
        println!(
            "events / (ner + time) = {:.0} %  (target < 50 %)",
            100.0 * ev / base
        );
        if let Some(parse) = by_name.get("parse") {
            println!(
                "(events + parse) / (ner + time) = {:.0} %",
                100.0 * (ev + parse) / base
            );
        }
    }
    Ok(())
}

/// Wall-clock seconds for one pass of `stage` over every article.
fn time_pass(stage: &dyn Stage, articles: &mut [Article]) -> f64 {
    let start = Instant::now();
    for a in articles.iter_mut() {
        stage.annotate(a);
    }
    start.elapsed().as_secs_f64()
}

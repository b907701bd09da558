//! The real `ayuda` binary: the contract's CLI, and durability across `kill -9`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

fn ayuda(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ayuda"));
    cmd.arg("--data-dir")
        .arg(data)
        .env_remove("AYUDA_DATABASE_URL")
        .env_remove("AYUDA_ADDR")
        .env("RUST_LOG", "warn");
    cmd
}

/// A server process that is killed (SIGKILL) when dropped, so a failing test leaks nothing.
struct Server(Child);

impl Server {
    fn kill(&mut self) -> std::io::Result<()> {
        self.0.kill()
    }

    fn wait(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.0.wait()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `ayuda serve` on a free port and returns the process and its base URL.
fn serve(data: &std::path::Path) -> (Server, String) {
    let mut child = ayuda(data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ayuda serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let child = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the URL is printed")
        .to_owned();
    (child, url)
}

async fn get_json(client: &reqwest::Client, url: String) -> serde_json::Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_commands_and_kill_9_durability() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let kb = crate::helpers::examples_kb();

    let out = output(ayuda(&data).args([
        "user",
        "add",
        "--email",
        "ed@example.com",
        "--password",
        "editor-password",
        "--role",
        "editor",
    ]));
    assert!(out.contains("Added ed@example.com"), "{out}");
    let out = output(ayuda(&data).args([
        "user",
        "add",
        "--email",
        "ed@example.com",
        "--password",
        "editor-password-2",
        "--role",
        "editor",
    ]));
    assert!(out.contains("Updated"), "{out}");
    let bad = ayuda(&data)
        .args([
            "user",
            "add",
            "--email",
            "x@example.com",
            "--password",
            "p",
            "--role",
            "king",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());

    let out = output(ayuda(&data).arg("import").arg(&kb));
    assert!(out.contains("added") && out.contains("0 skipped"), "{out}");
    let out = output(ayuda(&data).arg("import").arg(&kb));
    assert!(out.contains("0 added, 0 updated"), "{out}");
    let missing = ayuda(&data)
        .args(["import", "/definitely/not/here"])
        .output()
        .unwrap();
    assert!(!missing.status.success());

    let (mut server, base) = serve(&data);
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let hits: serde_json::Value = get_json(
        &client,
        format!("{base}/api/v1/sites/demo/search?q=factura&locale=es"),
    )
    .await;
    assert!(hits["total"].as_u64().unwrap() > 0, "{hits}");

    // An acknowledged write survives kill -9.
    let login: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "ed@example.com", "password": "editor-password-2"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();
    let res = client
        .post(format!("{base}/api/v1/articles"))
        .bearer_auth(&token)
        .json(&json!({"title": "Sobrevive a kill -9", "slug": "durable", "locale": "es", "body": "Escrito justo antes del corte."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // …and so do an acknowledged ticket and message.
    let visitor: serde_json::Value = client
        .post(format!("{base}/api/v1/sites/demo/visitors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let visitor = visitor["token"].as_str().unwrap().to_owned();
    let filed: serde_json::Value = client
        .post(format!("{base}/api/v1/sites/demo/tickets"))
        .header("x-ayuda-visitor", &visitor)
        .json(&json!({"name": "Ana", "email": "ana@example.com", "subject": "Antes del corte", "happened": "Nada", "impact": "question"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ticket = filed["ticket"]["id"].as_str().unwrap().to_owned();
    let res = client
        .post(format!(
            "{base}/api/v1/sites/demo/tickets/{ticket}/messages"
        ))
        .header("x-ayuda-visitor", &visitor)
        .json(&json!({"body": "Último mensaje antes de kill -9"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();

    // Changes made while the server is down (import) are picked up on the next start.
    let (mut server, base) = serve(&data);
    let res = client
        .get(format!(
            "{base}/api/v1/sites/demo/articles/durable?locale=es"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hits: serde_json::Value = get_json(
        &client,
        format!("{base}/api/v1/sites/demo/search?q=sobrevive&locale=es"),
    )
    .await;
    assert_eq!(hits["hits"][0]["slug"], "durable");
    let thread: serde_json::Value = client
        .get(format!("{base}/api/v1/sites/demo/tickets/{ticket}"))
        .header("x-ayuda-visitor", &visitor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies.last(),
        Some(&"Último mensaje antes de kill -9"),
        "{thread}"
    );

    // An import while the server runs shows up in search within a second or so.
    let extra = dir.path().join("extra/es");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(
        extra.join("nuevo.md"),
        "---\ntitle: Artículo importado en caliente\n---\nTexto.\n",
    )
    .unwrap();
    output(ayuda(&data).arg("import").arg(dir.path().join("extra")));
    let mut found = false;
    for _ in 0..30 {
        let hits: serde_json::Value = get_json(
            &client,
            format!("{base}/api/v1/sites/demo/search?q=caliente&locale=es"),
        )
        .await;
        if hits["hits"][0]["slug"] == "nuevo" {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found, "the running server follows the change log");
    server.kill().unwrap();
    server.wait().unwrap();

    // A corrupt index is rebuilt from the database on start.
    std::fs::write(data.join("index/es/meta.json"), b"{ not json").unwrap();
    let (mut server, base) = serve(&data);
    let hits: serde_json::Value = get_json(
        &client,
        format!("{base}/api/v1/sites/demo/search?q=sobrevive&locale=es"),
    )
    .await;
    assert_eq!(hits["hits"][0]["slug"], "durable", "{hits}");
    server.kill().unwrap();
    server.wait().unwrap();

    // Export round-trips; backup and restore.
    let export = dir.path().join("export");
    let out = output(ayuda(&data).arg("export").arg(&export));
    assert!(out.contains("Exported"), "{out}");
    assert!(export.join("es/durable.md").is_file());
    let backup = dir.path().join("backup.db");
    output(ayuda(&data).arg("backup").arg(&backup));
    let fresh = dir.path().join("fresh");
    output(ayuda(&fresh).arg("restore").arg(&backup));
    let out = output(ayuda(&fresh).arg("reindex"));
    assert!(out.contains("Reindexed"), "{out}");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"not a database").unwrap();
    let res = ayuda(&fresh).arg("restore").arg(&garbage).output().unwrap();
    assert!(!res.status.success(), "a bad backup is refused");
    let (mut server, base) = serve(&fresh);
    let res = client
        .get(format!(
            "{base}/api/v1/sites/demo/articles/durable?locale=es"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "restored data is served");
    server.kill().unwrap();
    server.wait().unwrap();
}

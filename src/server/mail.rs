//! Outgoing e-mail, sent by the outbox worker (never by a request): lettre over SMTP when `COLLABDESK_SMTP_URL`
//! is set, otherwise one `.eml` file per message under `<data_dir>/mail/` that a person can open. The outbox id
//! is the Message-ID, so a retried delivery is recognisably the same message.

use crate::server::config::Config;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// An e-mail as the outbox stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// A path in the app (`/wallet`), appended to the text as a full link when sent.
    pub link: Option<String>,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|e| format!("COLLABDESK_MAIL_FROM is not an address ({e})"))?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("COLLABDESK_SMTP_URL is not usable ({e})"))?
                    .timeout(Some(Duration::from_secs(15)))
                    .build(),
            ),
            None => Transport::Files(config.data_dir.join("mail")),
        };
        Ok(Mailer {
            transport,
            from,
            public_url: config.public_url.clone(),
        })
    }

    /// Where messages go, for the start-up log line.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Sends outbox message `id`. The error says what a person reading the Deliveries page needs.
    pub async fn send(&self, id: &str, mail: &Mail) -> Result<(), String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("not an e-mail address: {} ({e})", mail.to))?;
        let mut text = mail.text.clone();
        if let Some(link) = &mail.link {
            text.push_str(&format!("\nOpen Collabdesk: {}{link}\n", self.public_url));
        }
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{id}@collabdesk>")))
            .header(ContentType::TEXT_PLAIN)
            .body(text)
            .map_err(|e| format!("cannot build the message: {e}"))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}")),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("cannot write the message file: {e}"))
            }
        }
    }
}

//! The current time. One function, so that services, stores and workers agree on where time
//! comes from; always UTC.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - Schedule name (in the application's namespace).
    type: str
    required: true
  application:
    description:
    - Name of the Application to protect.
    type: str
  vault:
    description:
    - Name of the AppVault backups go to.
    type: str
  granularity:
    description:
    - 'How often: Hourly (needs minute), Daily (minute, hour), Weekly (minute, hour, day_of_week),
      Monthly (minute, hour, day_of_month), Custom (recurrence_rule).'
    - One of V(Hourly), V(Daily), V(Weekly), V(Monthly), V(Custom).
    type: str
  minute:
    description:
    - Minute of the hour (0 to 59).
    type: int
  hour:
    description:
    - Hour of the day, UTC (0 to 23).
    type: int
  day_of_week:
    description:
    - Day of the week (0 to 7; 0 and 7 are Sunday).
    type: int
  day_of_month:
    description:
    - Day of the month (1 to 31).
    type: int
  recurrence_rule:
    description:
    - 'Custom only: iCalendar DTSTART and RRULE lines separated by a newline (DTSTART:20250106T000100Z,
      then RRULE:FREQ=MINUTELY;INTERVAL=30).'
    type: str
  backup_retention:
    description:
    - Backups to keep; 0 takes snapshots only.
    type: int
    default: 3
  snapshot_retention:
    description:
    - Snapshots to keep.
    type: int
    default: 3
  data_mover:
    description:
    - Data mover for backups.
    - One of V(Kopia), V(Restic).
    type: str
    default: Kopia
  backup_reclaim_policy:
    description:
    - Whether a backup's data goes when its Backup resource is deleted.
    - One of V(Retain), V(Delete).
    type: str
    default: Retain
  snapshot_reclaim_policy:
    description:
    - Whether a snapshot's data goes when its Snapshot resource is deleted.
    - One of V(Retain), V(Delete).
    type: str
    default: Delete
  enabled:
    description:
    - Run the schedule (false pauses it).
    type: bool
    default: true
"""

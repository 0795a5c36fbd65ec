// @ts-check
// An operation's schedule: cron, time zone, enabled, catch-up — with its next fire times shown as
// one types, computed by the control plane (POST /api/v1/schedules/preview) with the same library
// that fires them, so the console never does cron arithmetic of its own.

import { ApiRequestError } from '../api.js';
import { schedules } from '../client.js';
import { h, say } from '../dom.js';

/** @import { Schedule } from '../types.js' */

/**
 * @param {Schedule | null | undefined} saved
 * @param {HTMLElement} errorBox where the API's refusals of the schedule go (`schedule.…` fields)
 */
export function scheduleEditor(saved, errorBox) {
  const cron = h('input', { id: 'schedule-cron', type: 'text', spellcheck: 'false', value: saved?.cron ?? '', placeholder: '*/15 * * * *  (empty: no schedule)', 'aria-describedby': 'schedule-error' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const timezone = h('input', { id: 'schedule-timezone', type: 'text', list: 'timezones', value: saved?.timezone ?? 'UTC', 'aria-describedby': 'schedule-error' });
  const enabled = h('input', { id: 'schedule-enabled', type: 'checkbox', checked: saved?.enabled ?? true });
  const catchUp = h('input', { id: 'schedule-catchup', type: 'checkbox', checked: saved?.catchUp ?? false });
  const next = h('ol', { id: 'schedule-next', 'aria-live': 'polite' });

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let ticket = 0;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++ticket;
      if (!cron.value.trim()) {
        say(errorBox, '');
        return void next.replaceChildren();
      }
      try {
        const preview = await schedules.preview({ cron: cron.value, timezone: timezone.value.trim() || 'UTC' });
        if (mine !== ticket) return;
        say(errorBox, '');
        next.replaceChildren(...preview.next.map((t) => h('li', {}, h('time', { datetime: t }, t))));
      } catch (e) {
        if (mine !== ticket) return;
        next.replaceChildren();
        say(errorBox, e instanceof ApiRequestError || e instanceof Error ? e.message : String(e));
      }
    }, 250);
  };
  cron.addEventListener('input', refresh);
  timezone.addEventListener('input', refresh);
  refresh();

  const element = h('fieldset', { class: 'panel' },
    h('legend', {}, 'Schedule'),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'schedule-cron' }, 'Cron'), cron,
        h('p', { class: 'hint' }, 'Five fields (minute hour day month weekday), or six with seconds first. Each fire time runs once; one that finds the previous run still running is recorded as skipped.')),
      h('div', {}, h('label', { for: 'schedule-timezone' }, 'Time zone'), timezone, h('datalist', { id: 'timezones' }, zones.map((z) => h('option', { value: z }))))),
    h('label', {}, enabled, ' Enabled'),
    h('label', {}, catchUp, ' Catch up: on start, run the latest fire time missed while the control plane was down'),
    errorBox,
    h('p', { class: 'hint' }, 'Next fire times:'), next);

  return {
    element,
    /** @returns {Schedule | null} */
    value: () => (cron.value.trim() ? { cron: cron.value.trim(), timezone: timezone.value.trim() || 'UTC', enabled: enabled.checked, catchUp: catchUp.checked } : null),
  };
}

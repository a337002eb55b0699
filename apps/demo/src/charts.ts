/** Chart.js with only the pieces the demo uses registered (keeps the bundle small); no animation. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

/** Tick label for 1-2-5 values of a log axis (0.05, 0.1, 0.2, 0.5, 1, …), blank otherwise. */
export function oneTwoFive(value: number): string {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((d) => Math.abs(mantissa - d) < 1e-6) ? String(Number(value.toPrecision(3))) : '';
}

export { Chart };

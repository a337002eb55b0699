import './style.css';
import { createSimplexPanel } from './simplex-panel.js';

createSimplexPanel();

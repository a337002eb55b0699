import './style.css';
import { createBernoulliPanel } from './bernoulli-panel.js';
import { createEstimatorPanel } from './estimator-panel.js';
import { createSemisupervisedPanel } from './semisupervised-panel.js';
import { createSimplexPanel } from './simplex-panel.js';
import { createVaePanel } from './vae-panel.js';

createSimplexPanel();
createBernoulliPanel();
createEstimatorPanel();
createVaePanel();
createSemisupervisedPanel();

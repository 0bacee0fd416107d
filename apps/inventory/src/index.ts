// The inventory app's public surface, for the composition root (apps/monolith) and the end-to-end tests.
export { InventoryAppModule } from './inventory-app.module';
export { InventoryModule } from './inventory.module';
export { inventoryDatabase } from './inventory.database';
export { Product } from './products/product.entity';
